import { Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';

import { createAgreementMutation, listAgreementsQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { AgreementCreate } from '../api/gen/types.gen';
import { AgreementForm } from '../features/partners/agreement-form';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('New agreement');
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
          const saved = await create.mutateAsync({ body: body as AgreementCreate });
          void queryClient.invalidateQueries({ queryKey: listAgreementsQueryKey() });
          notifications.show({ color: 'green', message: 'Agreement drafted.' });
          navigate(`/agreements/${saved.id}`);
        }}
      />
    </>
  );
}
