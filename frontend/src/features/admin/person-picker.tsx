import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { getPersonOptions } from '../../api/gen/@tanstack/react-query.gen';
import { fullName } from '../../lib/format';
import { usePeopleSearch } from '../../lib/use-people-search';

/** The directory contact an account belongs to, found by typing their name. */
export function PersonPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const search = usePeopleSearch();
  const current = useQuery({ ...getPersonOptions({ path: { person_id: value ?? '' } }), enabled: Boolean(value) });
  // The linked person stays an option while the search shows others.
  const data = [...search.data];
  if (value && current.data && !data.some((d) => d.value === value)) data.push({ value, label: fullName(current.data) });
  return (
    <Select
      label="Linked person"
      description="Their directory contact, so “my action items” and assignments reach them"
      clearable
      {...search}
      data={data}
      value={value}
      onChange={onChange}
    />
  );
}
