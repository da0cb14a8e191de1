import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';

import {
  getPersonOptions,
  getPersonQueryKey,
  listPeopleQueryKey,
  updatePersonMutation,
} from '../api/gen/@tanstack/react-query.gen';
import { EditPage } from '../components/edit-page';
import { PersonForm } from '../features/directory/person-form';
import { ifMatch } from '../lib/api';
import { fullName } from '../lib/format';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const { personId = '' } = useParams();
  const path = { person_id: personId };
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const update = useMutation(updatePersonMutation());
  const back = `/people/${personId}`;
  return (
    <EditPage query={getPersonOptions({ path })} noun="person" title={(p) => `Edit ${fullName(p)}`}>
      {(person) => (
        <PersonForm
          key={person.id}
          person={person}
          onCancel={() => navigate(back)}
          onSave={async (body, version) =>
            afterSave(await update.mutateAsync({ path, body, headers: ifMatch(version!) }), {
              record: getPersonQueryKey({ path }),
              list: listPeopleQueryKey(),
              notice: 'Saved.',
              to: back,
            })
          }
        />
      )}
    </EditPage>
  );
}
