import type { OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { listPeopleOptions } from '../api/gen/@tanstack/react-query.gen';
import { fullName } from './format';

/** The API has searched already: show every hit. */
const everyHit: OptionsFilter = ({ options }) => options;

/**
 * Finding someone in the directory by typing two or more letters of their name: the props a
 * searchable Select needs, its options named "Given Family (email)".
 */
export function usePeopleSearch() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const hits = useQuery({ ...listPeopleOptions({ query: { q, limit: 20, sort: 'family_name' } }), enabled: q.length >= 2 });
  return {
    searchable: true,
    placeholder: 'Type two or more letters of a name',
    searchValue: search,
    onSearchChange: setSearch,
    filter: everyHit,
    data: (hits.data?.items ?? []).map((p) => ({ value: p.id, label: `${fullName(p)}${p.email ? ` (${p.email})` : ''}` })),
    nothingFoundMessage: q.length < 2 ? 'Type a name' : hits.isFetching ? 'Searching…' : 'No one by that name',
  };
}
