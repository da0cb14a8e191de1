import { Select } from '@mantine/core';
import type { ReactNode } from 'react';

import { usePeopleSearch } from '../../lib/use-people-search';

/** Someone already in the directory, found by typing two or more letters of their name. */
export function PersonSearch({ value, onChange, error }: { value: string | null; onChange: (id: string | null) => void; error?: ReactNode }) {
  const search = usePeopleSearch();
  return <Select label="Person" required {...search} value={value} onChange={onChange} error={error} />;
}
