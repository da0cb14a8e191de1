import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';

import {
  getPartnerOptions,
  getPartnerQueryKey,
  listPartnersQueryKey,
  updatePartnerMutation,
} from '../api/gen/@tanstack/react-query.gen';
import { EditPage } from '../components/edit-page';
import { PartnerForm } from '../features/partners/partner-form';
import { ifMatch } from '../lib/api';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const { partnerId = '' } = useParams();
  const path = { partner_id: partnerId };
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const update = useMutation(updatePartnerMutation());
  const back = `/partners/${partnerId}`;
  return (
    <EditPage
      query={getPartnerOptions({ path })}
      noun="partner"
      title={(p) => `Edit ${p.name}`}
      trail={(p) => [['Partners', '/partners'], [p.name, back]]}
    >
      {(partner) => (
        <PartnerForm
          key={partner.id}
          partner={partner}
          onCancel={() => navigate(back)}
          onSave={async (body, version) =>
            afterSave(await update.mutateAsync({ path, body, headers: ifMatch(version!) }), {
              record: getPartnerQueryKey({ path }),
              list: listPartnersQueryKey(),
              notice: 'Partner saved.',
              to: back,
            })
          }
        />
      )}
    </EditPage>
  );
}
