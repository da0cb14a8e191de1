import { Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';

import {
  getPersonOptions,
  getPersonQueryKey,
  listPeopleQueryKey,
  updatePersonMutation,
} from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { PersonForm } from '../features/directory/person-form';
import { ifMatch } from '../lib/api';
import { fullName } from '../lib/format';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { personId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const person = useQuery({ ...getPersonOptions({ path: { person_id: personId } }), staleTime: 0 });
  usePageTitle(person.data ? `Edit ${person.data.given_name} ${person.data.family_name}` : 'Edit person');
  const update = useMutation(updatePersonMutation());
  if (person.isPending) return <Loading label="Loading person" />;
  if (person.isError) return <ErrorState error={person.error} />;
  return (
    <>
      <Title order={1} mb="md">
        Edit {fullName(person.data)}
      </Title>
      <PersonForm
        key={person.data.id}
        person={person.data}
        onCancel={() => navigate(`/people/${personId}`)}
        onSave={async (body, version) => {
          const saved = await update.mutateAsync({ path: { person_id: personId }, body, headers: ifMatch(version) });
          queryClient.setQueryData(getPersonQueryKey({ path: { person_id: personId } }), saved);
          void queryClient.invalidateQueries({ queryKey: listPeopleQueryKey() });
          notifications.show({ color: 'green', message: 'Saved.' });
          navigate(`/people/${personId}`);
        }}
      />
    </>
  );
}
