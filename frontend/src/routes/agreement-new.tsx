import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';

import { createAgreementMutation, listAgreementsQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { AgreementCreate } from '../api/gen/types.gen';
import { FormPage } from '../components/form-page';
import { AgreementForm } from '../features/partners/agreement-form';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const create = useMutation(createAgreementMutation());
  return (
    <FormPage title="New agreement">
      <AgreementForm
        initial={{ partner_id: params.get('partner_id') ?? undefined, school_ids: params.getAll('school_id') }}
        onCancel={() => navigate(-1)}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body: body as AgreementCreate });
          afterSave(saved, { list: listAgreementsQueryKey(), notice: 'Agreement drafted.', to: `/agreements/${saved.id}` });
        }}
      />
    </FormPage>
  );
}
