import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

import { getSchoolOptions, listSchoolsOptions } from '../../api/gen/@tanstack/react-query.gen';

/** One school, found by typing part of its name. */
export function SchoolSelect({
  value,
  onChange,
  label = 'School',
  required,
  clearable,
  error,
  placeholder,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  label?: string;
  required?: boolean;
  clearable?: boolean;
  error?: ReactNode;
  placeholder?: string;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const chosen = useQuery({ ...getSchoolOptions({ path: { school_id: value ?? '' } }), enabled: Boolean(value) });
  // Typing the chosen school's name is not a search: list the first schools instead.
  const query = q && q !== chosen.data?.name ? q : undefined;
  const results = useQuery(listSchoolsOptions({ query: { q: query, limit: 20, sort: 'name' } }));
  const data = (results.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  // The chosen school is always an option, so the select never drops a value it cannot name yet.
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: chosen.data?.name ?? 'Loading…' });
  return (
    <Select
      label={label}
      required={required}
      clearable={clearable}
      searchable
      placeholder={placeholder}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={value}
      onChange={onChange}
      error={error}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'No school by that name'}
    />
  );
}
