import { Button, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

import type { CursorPages } from '../lib/use-cursor-pages';

/** `name` -> ascending by name, `-name` -> descending. */
export function nextSort(current: string, field: string): string {
  if (current === field) return `-${field}`;
  return field;
}

export function SortableTh({
  field,
  sort,
  onSort,
  children,
  visibleFrom,
}: {
  field: string;
  sort: string;
  onSort: (sort: string) => void;
  children: ReactNode;
  visibleFrom?: 'sm' | 'md';
}) {
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  return (
    <Table.Th aria-sort={direction} visibleFrom={visibleFrom}>
      <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, field))}>
        {children}
        <span aria-hidden>{direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}</span>
      </button>
    </Table.Th>
  );
}

/** What a list holds: the word for one of them and the word for many ("pair", "pairs"). */
export type Noun = readonly [one: string, many: string];

/** "1 pair", "1,204 pairs": the total with the word that agrees with it. */
export function totalOf(total: number, [one, many]: Noun): string {
  return `${total.toLocaleString()} ${total === 1 ? one : many}`;
}

/** Cursor paging: the API gives only "next", so "previous" replays the cursors we came through. */
export function Pager({
  page,
  hasNext,
  onPrevious,
  onNext,
  total,
  noun,
}: {
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  total?: number | null;
  noun: Noun;
}) {
  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      <Text size="sm" aria-live="polite">
        {total != null ? totalOf(total, noun) : ''} · page {page}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={onPrevious} disabled={page <= 1}>
          Previous page
        </Button>
        <Button variant="default" size="xs" onClick={onNext} disabled={!hasNext}>
          Next page
        </Button>
      </Group>
    </Group>
  );
}

/**
 * The pager under a list the API pages by cursor: the total counted on page 1 carried on,
 * Next from this page's cursor. `whenPaged` hides it while everything fits on one page.
 */
export function CursorPager({
  pages,
  page,
  noun,
  whenPaged = false,
}: {
  pages: CursorPages;
  page: { next_cursor?: string | null; total?: number | null } | undefined;
  noun: Noun;
  whenPaged?: boolean;
}) {
  const next = page?.next_cursor;
  if (whenPaged && pages.page === 1 && !next) return null;
  return (
    <Pager
      page={pages.page}
      total={pages.total(page?.total)}
      noun={noun}
      hasNext={Boolean(next)}
      onPrevious={pages.previous}
      onNext={() => next && pages.next(next, page?.total)}
    />
  );
}

/** An empty table says what is empty and, where there is one, offers the next step. */
export function EmptyRow({ colSpan, children, action }: { colSpan: number; children: ReactNode; action?: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Stack align="center" gap="xs" py="md">
          <Text ta="center">{children}</Text>
          {action}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
