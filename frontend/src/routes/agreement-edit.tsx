import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';

import {
  getAgreementOptions,
  getAgreementQueryKey,
  listAgreementsQueryKey,
  updateAgreementMutation,
} from '../api/gen/@tanstack/react-query.gen';
import type { AgreementUpdate } from '../api/gen/types.gen';
import { EditPage } from '../components/edit-page';
import { AgreementForm } from '../features/partners/agreement-form';
import { ifMatch } from '../lib/api';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const { agreementId = '' } = useParams();
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const update = useMutation(updateAgreementMutation());
  return (
    <EditPage
      query={getAgreementOptions({ path: { agreement_id: agreementId } })}
      noun="agreement"
      title={(a) => `Edit ${a.title}`}
      trail={(a) => [['Agreements', '/agreements'], [a.title, `/agreements/${a.id}`]]}
    >
      {(a) => {
        const path = { agreement_id: a.id };
        return (
          <AgreementForm
            key={`${a.id}:${a.version}`}
            agreement={a}
            onCancel={() => navigate(`/agreements/${a.id}`)}
            onSave={async (body) =>
              afterSave(await update.mutateAsync({ path, body: body as AgreementUpdate, headers: ifMatch(a.version) }), {
                record: getAgreementQueryKey({ path }),
                list: listAgreementsQueryKey(),
                notice: 'Agreement saved.',
                to: `/agreements/${a.id}`,
              })
            }
          />
        );
      }}
    </EditPage>
  );
}
