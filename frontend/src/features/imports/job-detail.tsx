import { Alert, Box, Group, Paper, Progress, Table, Text, Title } from '@mantine/core';

import type { DiffEntry, ImportJobRead } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { Fields } from '../../components/fields';
import { Section } from '../../components/section';
import { useCreatedBy } from './created-by';
import { formatWhen } from './imports-list';
import { JobActions } from './job-actions';
import { ResubmitAllowingShrink } from './resubmit';
import { JobStatusBadge } from './status-badge';
import { ACTION_LABEL, IN_PROGRESS, kindLabel } from './vocabulary';

export function JobHeader({ job }: { job: ImportJobRead }) {
  const createdBy = useCreatedBy();
  return (
    <>
      <Group gap="sm" align="center" wrap="wrap">
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {job.file_name}
        </Title>
        <JobStatusBadge status={job.status} />
      </Group>
      <Text mb="md">
        {kindLabel(job.kind)}
        {job.dry_run ? ' · dry run' : ''} · by {createdBy(job.created_by)} · {formatWhen(job.created_at)}
      </Text>
    </>
  );
}

export function JobProgress({ job }: { job: ImportJobRead }) {
  if (!IN_PROGRESS.includes(job.status)) return null;
  const { rows_done, rows_total } = job.progress;
  const percent = rows_total ? Math.round((rows_done / rows_total) * 100) : 0;
  return (
    <Paper withBorder p="md" mb="lg">
      <Text mb="xs" role="status" aria-live="polite">
        {job.status === 'queued'
          ? 'Waiting for the worker to pick this import up…'
          : `Importing: ${rows_done.toLocaleString()}${rows_total ? ` of ${rows_total.toLocaleString()}` : ''} rows`}
      </Text>
      <Progress value={percent} animated aria-label="Import progress" />
    </Paper>
  );
}

export function JobOutcome({ job }: { job: ImportJobRead }) {
  const c = job.counts;
  return (
    <Paper withBorder p="md" mb="lg">
      <Title order={2} size="h4" mb="sm">
        {job.dry_run && job.status === 'dry_run_ready' ? 'What the import would do' : 'Outcome'}
      </Title>
      {job.reason && (
        <Alert color={job.status === 'refused' ? 'orange' : 'red'} role="alert" mb="md" title={job.status === 'refused' ? 'Refused' : 'Failed'}>
          {job.reason}
        </Alert>
      )}
      {job.status === 'refused' && <ResubmitAllowingShrink job={job} />}
      <Fields
        items={[
          ['Created', String(c.created ?? 0)],
          ['Updated', String(c.updated ?? 0)],
          ['Unchanged', String(c.unchanged ?? 0)],
          [job.dry_run ? 'Would deactivate' : 'Deactivated', String((job.dry_run ? c.would_deactivate : c.deactivated) ?? 0)],
          ['Kept as edited', String(c.kept_edited ?? 0)],
          ['Failed lines', String(c.failed ?? 0)],
        ]}
      />
      <Box mt="md">
        <JobActions job={job} />
      </Box>
    </Paper>
  );
}

function keysText(keys: DiffEntry['keys']): string {
  if (!keys) return '—';
  return Object.entries(keys)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

export function JobDiff({ job }: { job: ImportJobRead }) {
  return (
    <Section title="Changes">
      <DataTable
        label="Changes"
        minWidth={300}
        striped
        columns={[
          { label: 'Action' },
          { label: 'Record' },
          { label: 'Keys', visibleFrom: 'sm', fold: (d) => keysText(d.keys) },
          { label: 'Fields', visibleFrom: 'sm', fold: (d) => d.fields.join(', ') },
        ]}
        empty={IN_PROGRESS.includes(job.status) ? 'Not worked out yet.' : 'Nothing to change.'}
        items={job.diff}
        row={(d, _index, folded) => (
          <Table.Tr key={`${d.action}-${d.resource}-${d.id}`}>
            <Table.Td>{ACTION_LABEL[d.action] ?? d.action}</Table.Td>
            <Table.Td>
              {d.resource}
              {folded}
            </Table.Td>
            <Table.Td visibleFrom="sm">{keysText(d.keys)}</Table.Td>
            <Table.Td visibleFrom="sm">{d.fields.join(', ') || '—'}</Table.Td>
          </Table.Tr>
        )}
      />
      {job.diff.length >= 1000 && <Text size="sm">The first 1,000 changes are shown.</Text>}
    </Section>
  );
}

export function JobErrors({ job }: { job: ImportJobRead }) {
  if (job.error_count === 0) return null;
  const zip = job.errors.some((e) => e.file);
  return (
    <Paper withBorder p="md" mb="lg">
      <Title order={2} size="h4" mb="sm">
        Refused lines ({job.error_count.toLocaleString()})
      </Title>
      <DataTable
        label="Refused lines"
        minWidth={400}
        columns={[zip && { label: 'File' }, { label: 'Line' }, { label: 'Error' }]}
        empty="No line was refused."
        items={job.errors}
        row={(e, i) => (
          <Table.Tr key={i}>
            {zip && <Table.Td>{e.file ?? '—'}</Table.Td>}
            <Table.Td>{e.line ?? '—'}</Table.Td>
            <Table.Td>{e.message}</Table.Td>
          </Table.Tr>
        )}
      />
      {job.error_count > job.errors.length && (
        <Text size="sm">The first {job.errors.length.toLocaleString()} are shown; download the failed rows for more.</Text>
      )}
    </Paper>
  );
}
