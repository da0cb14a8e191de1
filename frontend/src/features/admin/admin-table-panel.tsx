import { Button, Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

import { DataTable } from '../../components/data-table';
import { ErrorState, Loading } from '../../components/page-states';

export type PanelColumn = {
  label: string;
  /** Shown from Mantine's `sm` up; on phones the row folds it under its first cell. */
  wide?: boolean;
};

/**
 * One administration section: its heading and "New" button, then the records as a table once
 * loaded, with the same button offered again when there are none. Modals go in `children`.
 */
export function AdminTablePanel<T>({
  headingId,
  title,
  newLabel,
  onNew,
  loadingLabel,
  query,
  items,
  columns,
  empty,
  row,
  footer,
  children,
}: {
  headingId: string;
  title: string;
  newLabel: string;
  onNew: () => void;
  loadingLabel: string;
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  items: T[];
  columns: PanelColumn[];
  empty: string;
  row: (item: T) => ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        <Button size="xs" onClick={onNew}>
          {newLabel}
        </Button>
      </Group>
      {query.isPending ? (
        <Loading label={loadingLabel} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <DataTable
            labelledBy={headingId}
            minWidth={300}
            verticalSpacing="xs"
            columns={columns.map((c) => ({ label: c.label, visibleFrom: c.wide ? 'sm' : undefined }))}
            empty={empty}
            emptyAction={
              <Button size="xs" onClick={onNew}>
                {newLabel}
              </Button>
            }
            items={items}
            row={row}
          />
          {footer}
        </>
      )}
      {children}
    </Paper>
  );
}
