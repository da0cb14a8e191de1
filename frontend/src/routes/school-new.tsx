import { Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { createSchoolMutation, listSchoolsQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { SchoolCreate } from '../api/gen/types.gen';
import { SchoolForm } from '../features/directory/school-form';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  usePageTitle('New school');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(createSchoolMutation());
  return (
    <>
      <Title order={1} mb="md">
        New school
      </Title>
      <SchoolForm
        onCancel={() => navigate('/schools')}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body: body as SchoolCreate });
          void queryClient.invalidateQueries({ queryKey: listSchoolsQueryKey() });
          notifications.show({ color: 'green', message: `${saved.name} created.` });
          navigate(`/schools/${saved.id}`);
          return saved;
        }}
      />
    </>
  );
}
