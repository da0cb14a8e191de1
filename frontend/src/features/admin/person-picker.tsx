import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { getPersonOptions, listPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import { fullName } from '../../lib/format';

/** The directory contact an account belongs to, found by typing their name. */
export function PersonPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const hits = useQuery({ ...listPeopleOptions({ query: { q, limit: 20, sort: 'family_name' } }), enabled: q.length >= 2 });
  const current = useQuery({ ...getPersonOptions({ path: { person_id: value ?? '' } }), enabled: Boolean(value) });
  const data = new Map((hits.data?.items ?? []).map((p) => [p.id, `${fullName(p)}${p.email ? ` (${p.email})` : ''}`]));
  if (value && current.data && !data.has(value)) data.set(value, fullName(current.data));
  return (
    <Select
      label="Linked person"
      description="Their directory contact, so “my action items” and assignments reach them"
      searchable
      clearable
      placeholder="Type two or more letters of a name"
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={[...data].map(([v, label]) => ({ value: v, label }))}
      value={value}
      onChange={onChange}
      nothingFoundMessage={q.length < 2 ? 'Type a name' : hits.isFetching ? 'Searching…' : 'No one by that name'}
    />
  );
}
