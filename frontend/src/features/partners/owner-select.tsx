import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { listPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import { fullName } from '../../lib/format';

/**
 * An action item's owner: the agreement's people are offered first, and typing a name searches
 * everyone the user can see, since a task may fall to anyone in the district.
 */
export function OwnerSelect({
  nearby,
  value,
  onChange,
  error,
  style,
}: {
  nearby: { value: string; label: string }[];
  value: string | null;
  onChange: (id: string | null) => void;
  error?: React.ReactNode;
  style?: React.CSSProperties;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const anyone = useQuery({ ...listPeopleOptions({ query: { q, is_active: true, limit: 20 } }), enabled: q.length >= 2 });
  const [picked, setPicked] = useState<Record<string, string>>({});
  const choices = new Map(nearby.map((o) => [o.value, o.label]));
  for (const [id, label] of Object.entries(picked)) if (!choices.has(id)) choices.set(id, label);
  for (const p of anyone.data?.items ?? []) if (!choices.has(p.id)) choices.set(p.id, fullName(p));
  const needle = search.trim().toLowerCase();
  const data = [...choices]
    .map(([id, label]) => ({ value: id, label }))
    .filter((o) => o.value === value || !needle || o.label.toLowerCase().includes(needle) || anyone.data?.items.some((p) => p.id === o.value));
  return (
    <Select
      label="Owner"
      searchable
      clearable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id, option) => {
        if (id && option) setPicked((prev) => ({ ...prev, [id]: option.label }));
        onChange(id);
      }}
      error={error}
      style={style}
      nothingFoundMessage={needle.length < 2 ? 'Type a name to search everyone' : anyone.isFetching ? 'Searching…' : 'No one by that name'}
    />
  );
}
