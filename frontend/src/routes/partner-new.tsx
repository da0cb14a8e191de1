import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { createPartnerMutation, listPartnersQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { PartnerCreate } from '../api/gen/types.gen';
import { FormPage } from '../components/form-page';
import { PartnerForm } from '../features/partners/partner-form';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const create = useMutation(createPartnerMutation());
  return (
    <FormPage title="New partner">
      <PartnerForm
        onCancel={() => navigate('/partners')}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body: body as PartnerCreate });
          return afterSave(saved, { list: listPartnersQueryKey(), notice: `${saved.name} created.`, to: `/partners/${saved.id}` });
        }}
      />
    </FormPage>
  );
}
