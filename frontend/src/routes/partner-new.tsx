import { Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { createPartnerMutation, listPartnersQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { PartnerCreate } from '../api/gen/types.gen';
import { PartnerForm } from '../features/partners/partner-form';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('New partner');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(createPartnerMutation());
  return (
    <>
      <Title order={1} mb="md">
        New partner
      </Title>
      <PartnerForm
        onCancel={() => navigate('/partners')}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body: body as PartnerCreate });
          void queryClient.invalidateQueries({ queryKey: listPartnersQueryKey() });
          notifications.show({ color: 'green', message: `${saved.name} created.` });
          navigate(`/partners/${saved.id}`);
          return saved;
        }}
      />
    </>
  );
}
