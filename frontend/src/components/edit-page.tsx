import { Title } from '@mantine/core';
import { type QueryKey, type UseQueryOptions, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { usePageTitle } from '../lib/page-title';
import { LinkTrail } from './link-trail';
import { QueryGate } from './query-gate';

/**
 * Edit one record: load its newest version, then show the way back, a heading and the form.
 * A stale cached copy would only earn a 412 on save, so the record is always fetched afresh.
 */
export function EditPage<T, E, K extends QueryKey>({
  query,
  noun,
  title,
  heading = title,
  trail,
  children,
}: {
  query: UseQueryOptions<T, E, T, K>;
  /** "partner": the page is "Edit partner" until the record has come. */
  noun: string;
  /** The tab's title once the record has come. */
  title: (record: T) => string;
  heading?: (record: T) => string;
  trail?: (record: T) => [label: string, to: string][];
  children: (record: T) => ReactNode;
}) {
  const record = useQuery({ ...query, staleTime: 0 });
  usePageTitle(record.data ? title(record.data) : `Edit ${noun}`);
  return (
    <QueryGate query={record} loading={`Loading ${noun}`}>
      {(data) => (
        <>
          {trail && <LinkTrail links={trail(data)} />}
          <Title order={1} mb="md">
            {heading(data)}
          </Title>
          {children(data)}
        </>
      )}
    </QueryGate>
  );
}
