import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';

import {
  getSchoolOptions,
  getSchoolQueryKey,
  listSchoolsQueryKey,
  updateSchoolMutation,
} from '../api/gen/@tanstack/react-query.gen';
import { EditPage } from '../components/edit-page';
import { SchoolForm } from '../features/directory/school-form';
import { ifMatch } from '../lib/api';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const { schoolId = '' } = useParams();
  const path = { school_id: schoolId };
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const update = useMutation(updateSchoolMutation());
  const back = `/schools/${schoolId}`;
  return (
    <EditPage
      query={getSchoolOptions({ path })}
      noun="school"
      title={(s) => `Edit ${s.name}`}
      trail={(s) => [['Schools', '/schools'], [s.name, back]]}
    >
      {(school) => (
        <SchoolForm
          key={school.id}
          school={school}
          onCancel={() => navigate(back)}
          onSave={async (body, version) =>
            afterSave(await update.mutateAsync({ path, body, headers: ifMatch(version!) }), {
              record: getSchoolQueryKey({ path }),
              list: listSchoolsQueryKey(),
              notice: 'School saved.',
              to: back,
            })
          }
        />
      )}
    </EditPage>
  );
}
