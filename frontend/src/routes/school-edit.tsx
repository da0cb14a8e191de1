import { Anchor, Breadcrumbs, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';

import {
  getSchoolOptions,
  getSchoolQueryKey,
  listSchoolsQueryKey,
  updateSchoolMutation,
} from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { SchoolForm } from '../features/directory/school-form';
import { ifMatch } from '../lib/api';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { schoolId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Always edit the newest version: a stale cached copy would only earn a 412.
  const school = useQuery({ ...getSchoolOptions({ path: { school_id: schoolId } }), staleTime: 0 });
  usePageTitle(school.data ? `Edit ${school.data.name}` : 'Edit school');
  const update = useMutation(updateSchoolMutation());
  if (school.isPending) return <Loading label="Loading school" />;
  if (school.isError) return <ErrorState error={school.error} />;
  return (
    <>
      <Breadcrumbs mb="sm">
        <Anchor component={Link} to="/schools">
          Schools
        </Anchor>
        <Anchor component={Link} to={`/schools/${schoolId}`}>
          {school.data.name}
        </Anchor>
      </Breadcrumbs>
      <Title order={1} mb="md">
        Edit {school.data.name}
      </Title>
      <SchoolForm
        key={school.data.id}
        school={school.data}
        onCancel={() => navigate(`/schools/${schoolId}`)}
        onSave={async (body, version) => {
          const saved = await update.mutateAsync({
            path: { school_id: schoolId },
            body,
            headers: ifMatch(version!),
          });
          queryClient.setQueryData(getSchoolQueryKey({ path: { school_id: schoolId } }), saved);
          void queryClient.invalidateQueries({ queryKey: listSchoolsQueryKey() });
          notifications.show({ color: 'green', message: 'School saved.' });
          navigate(`/schools/${schoolId}`);
          return saved;
        }}
      />
    </>
  );
}
