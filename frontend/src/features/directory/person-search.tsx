import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

import { listPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import { fullName } from '../../lib/format';

/** Someone already in the directory, found by typing two or more letters of their name. */
export function PersonSearch({ value, onChange, error }: { value: string | null; onChange: (id: string | null) => void; error?: ReactNode }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const hits = useQuery({ ...listPeopleOptions({ query: { q, limit: 20, sort: 'family_name' } }), enabled: q.length >= 2 });
  return (
    <Select
      label="Person"
      required
      searchable
      placeholder="Type two or more letters of a name"
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={(hits.data?.items ?? []).map((p) => ({ value: p.id, label: `${fullName(p)}${p.email ? ` (${p.email})` : ''}` }))}
      value={value}
      onChange={onChange}
      error={error}
      nothingFoundMessage={q.length < 2 ? 'Type a name' : hits.isFetching ? 'Searching…' : 'No one by that name'}
    />
  );
}
