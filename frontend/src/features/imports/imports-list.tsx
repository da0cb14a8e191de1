import { Anchor, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listImportsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../../components/page-states';
import { EmptyRow, Pager } from '../../components/table-parts';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { useCreatedBy } from './created-by';
import { JobStatusBadge } from './status-badge';
import { IN_PROGRESS, kindLabel } from './vocabulary';

const PAGE = 25;

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function ImportsList() {
  const pages = useCursorPages('imports');
  const createdBy = useCreatedBy();
  const jobs = useQuery({
    ...listImportsOptions({
      query: { limit: PAGE, cursor: pages.cursor, include_total: pages.includeTotal, sort: '-created_at' },
    }),
    placeholderData: keepPreviousData,
    // Keep the statuses moving while any job on the page is still with the worker.
    refetchInterval: (query) =>
      query.state.data?.items.some((j) => IN_PROGRESS.includes(j.status)) ? 3000 : false,
  });
  if (jobs.isPending) return <Loading label="Loading imports" />;
  if (jobs.isError) return <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />;
  const { items, next_cursor, total } = jobs.data;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Import jobs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Created</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Updated</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Failed</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.length === 0 ? (
              <EmptyRow colSpan={8}>No imports yet. Upload a file above to start one.</EmptyRow>
            ) : (
              items.map((job) => (
                <Table.Tr key={job.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/imports/${job.id}`}>
                      {job.file_name}
                    </Anchor>
                    {job.dry_run && (
                      <Text span size="xs" ml={4}>
                        (dry run)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{kindLabel(job.kind)}</Table.Td>
                  <Table.Td>
                    <JobStatusBadge status={job.status} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{job.counts.created ?? 0}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{job.counts.updated ?? 0}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{job.counts.failed ?? 0}</Table.Td>
                  <Table.Td>{createdBy(job.created_by)}</Table.Td>
                  <Table.Td>{when(job.created_at)}</Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager
        page={pages.page}
        hasNext={Boolean(next_cursor)}
        onPrevious={pages.previous}
        onNext={() => next_cursor && pages.next(next_cursor, total)}
        total={pages.total(total)}
        noun="imports"
      />
    </>
  );
}

export { when as formatWhen };
