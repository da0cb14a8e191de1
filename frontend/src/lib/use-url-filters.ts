import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

/** `prev` with the parameter `name` set to `values` (none: removed). */
export function withParam(prev: URLSearchParams, name: string, values: string[] | string | undefined): URLSearchParams {
  const next = new URLSearchParams(prev);
  next.delete(name);
  for (const v of Array.isArray(values) ? values : values ? [values] : []) next.append(name, v);
  return next;
}

/**
 * A list's filters, kept in the URL so a filtered list can be shared and survives a reload.
 * `read` (a stable function) turns the URL into filters; the search box's text becomes `q`
 * once the typing settles.
 */
export function useUrlFilters<F extends { q?: string | null }>(read: (params: URLSearchParams) => F) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => read(params), [read, params]);
  const [search, setSearch] = useState(filters.q ?? '');
  const [debounced] = useDebouncedValue(search, 300);

  const update = (name: string, values: string[] | string | undefined) =>
    setParams((prev) => withParam(prev, name, values), { replace: true });
  useEffect(() => {
    if ((debounced.trim() || undefined) !== filters.q) update('q', debounced.trim() || undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the debounced text settles
  }, [debounced]);

  return { params, setParams, filters, search, setSearch, update };
}
