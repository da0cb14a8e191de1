import { Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';

import { createAgreementMutation, listAgreementsQueryKey } from '../api/gen/@tanstack/react-query.gen';
import { AgreementForm } from '../features/partners/agreement-form';

export function Component() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(createAgreementMutation());
  return (
    <>
      <Title order={1} mb="md">
        New agreement
      </Title>
      <AgreementForm
        initial={{ partner_id: params.get('partner_id') ?? undefined, school_ids: params.getAll('school_id') }}
        onCancel={() => navigate(-1)}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body });
          void queryClient.invalidateQueries({ queryKey: listAgreementsQueryKey() });
          notifications.show({ color: 'green', message: 'Agreement drafted.' });
          navigate(`/agreements/${saved.id}`);
        }}
      />
    </>
  );
}
