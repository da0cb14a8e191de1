import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { createSchoolMutation, listSchoolsQueryKey } from '../api/gen/@tanstack/react-query.gen';
import type { SchoolCreate } from '../api/gen/types.gen';
import { FormPage } from '../components/form-page';
import { SchoolForm } from '../features/directory/school-form';
import { useAfterSave } from '../lib/use-after-save';

export function Component() {
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const create = useMutation(createSchoolMutation());
  return (
    <FormPage title="New school">
      <SchoolForm
        onCancel={() => navigate('/schools')}
        onSave={async (body) => {
          const saved = await create.mutateAsync({ body: body as SchoolCreate });
          return afterSave(saved, { list: listSchoolsQueryKey(), notice: `${saved.name} created.`, to: `/schools/${saved.id}` });
        }}
      />
    </FormPage>
  );
}
