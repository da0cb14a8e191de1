import { Anchor, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listImportsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState, Loading } from '../../components/page-states';
import { CursorPager } from '../../components/table-parts';
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
  return (
    <>
      <DataTable
        label="Import jobs"
        minWidth={300}
        striped
        columns={[
          { label: 'File' },
          { label: 'Kind', visibleFrom: 'sm', fold: (job) => kindLabel(job.kind) },
          { label: 'Status' },
          {
            label: 'Created',
            align: 'right',
            visibleFrom: 'sm',
            fold: (job) => `${job.counts.created ?? 0} created, ${job.counts.updated ?? 0} updated, ${job.counts.failed ?? 0} failed`,
          },
          { label: 'Updated', align: 'right', visibleFrom: 'sm' },
          { label: 'Failed', align: 'right', visibleFrom: 'sm' },
          { label: 'By', visibleFrom: 'sm' },
          { label: 'When', visibleFrom: 'sm', fold: (job) => when(job.created_at) },
        ]}
        empty="No imports yet. Upload a file above to start one."
        items={jobs.data.items}
        row={(job, _index, folded) => (
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
              {folded}
            </Table.Td>
            <Table.Td visibleFrom="sm">{kindLabel(job.kind)}</Table.Td>
            <Table.Td>
              <JobStatusBadge status={job.status} />
            </Table.Td>
            <Table.Td visibleFrom="sm" style={{ textAlign: 'right' }}>
              {job.counts.created ?? 0}
            </Table.Td>
            <Table.Td visibleFrom="sm" style={{ textAlign: 'right' }}>
              {job.counts.updated ?? 0}
            </Table.Td>
            <Table.Td visibleFrom="sm" style={{ textAlign: 'right' }}>
              {job.counts.failed ?? 0}
            </Table.Td>
            <Table.Td visibleFrom="sm">{createdBy(job.created_by)}</Table.Td>
            <Table.Td visibleFrom="sm">{when(job.created_at)}</Table.Td>
          </Table.Tr>
        )}
      />
      <CursorPager pages={pages} page={jobs.data} noun={['import', 'imports']} />
    </>
  );
}

export { when as formatWhen };
