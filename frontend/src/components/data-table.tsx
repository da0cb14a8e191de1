import { Table, type TableProps, Text, VisuallyHidden } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';

import { EmptyRow, SortableTh } from './table-parts';

export type Column<T = unknown> = {
  label: string;
  /** Shown from this width up; narrower, the row folds what it says under its first cell. */
  visibleFrom?: 'sm' | 'md';
  /** What this column says of an item in the line folded under the first cell on a phone (nothing: left out). */
  fold?: (item: T) => ReactNode;
  align?: 'right';
  /** The API's sort field: the header sorts the table by it. */
  sort?: string;
  miw?: number;
  w?: number;
  /** Said to screen readers only, over a column whose cells speak for themselves (buttons). */
  hidden?: boolean;
};

/**
 * The line a phone shows under a row's first cell, saying what its folded columns say. It sits
 * inside that cell, so the table keeps one cell per column for screen readers; it wraps even
 * in a cell that does not, so the table still fits the phone.
 */
export function foldedLine<T>(columns: readonly Column<T>[], item: T): ReactNode {
  const parts = columns.flatMap((c) => (c.fold ? [c.fold(item)] : [])).filter((part) => part != null && part !== false && part !== '');
  if (parts.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" hiddenFrom="sm" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          {part}
        </Fragment>
      ))}
    </Text>
  );
}

/**
 * A feature's table: its header, then a row saying it is loading, or what is empty (with the
 * next step, where there is one), or its rows. Columns given as `false` are left out, so a
 * column shown only sometimes is written where the others are. `row` is handed the line its
 * folding columns make, to put in the cell that names the row (as a rule its first).
 */
export function DataTable<T>({
  label,
  labelledBy,
  minWidth,
  visibleFrom,
  columns,
  sort,
  onSort,
  loading,
  empty,
  emptyAction,
  items,
  row,
  ...table
}: {
  /** The table's accessible name, or the id of the heading that names it. */
  label?: string;
  labelledBy?: string;
  minWidth: number;
  visibleFrom?: 'sm';
  columns: (Column<T> | false)[];
  sort?: string;
  onSort?: (sort: string) => void;
  /** What is loading, said in the table's one row until the items arrive. */
  loading?: string | false;
  empty: ReactNode;
  emptyAction?: ReactNode;
  items: readonly T[];
  row: (item: T, index: number, folded: ReactNode) => ReactNode;
} & Omit<TableProps, 'children'>) {
  const shown = columns.filter((c): c is Column<T> => Boolean(c));
  return (
    <Table.ScrollContainer minWidth={minWidth} visibleFrom={visibleFrom}>
      <Table aria-label={label} aria-labelledby={labelledBy} {...table}>
        <Table.Thead>
          <Table.Tr>
            {shown.map((c) =>
              c.sort && sort !== undefined && onSort ? (
                <SortableTh key={c.label} field={c.sort} sort={sort} onSort={onSort} visibleFrom={c.visibleFrom}>
                  {c.label}
                </SortableTh>
              ) : (
                <Table.Th key={c.label} visibleFrom={c.visibleFrom} miw={c.miw} w={c.w} style={c.align ? { textAlign: c.align } : undefined}>
                  {c.hidden ? <VisuallyHidden>{c.label}</VisuallyHidden> : c.label}
                </Table.Th>
              ),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading ? (
            <EmptyRow colSpan={shown.length}>{loading}</EmptyRow>
          ) : items.length === 0 ? (
            <EmptyRow colSpan={shown.length} action={emptyAction}>
              {empty}
            </EmptyRow>
          ) : (
            items.map((item, index) => row(item, index, foldedLine(shown, item)))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
