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
  const results = useQuery(listSchoolsOptions({ query: { q: q || undefined, limit: 20, sort: 'name' } }));
  const chosen = useQuery({ ...getSchoolOptions({ path: { school_id: value ?? '' } }), enabled: Boolean(value) });
  const data = (results.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  if (chosen.data && !data.some((d) => d.value === chosen.data.id)) data.unshift({ value: chosen.data.id, label: chosen.data.name });
  return (
    <Select
      label={label}
      required={required}
      clearable={clearable}
      searchable
      placeholder={placeholder}
      searchValue={search}
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
