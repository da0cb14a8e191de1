import { Anchor, Badge, Button, Group, MultiSelect, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { listProgramsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { ProgramKind, ProgramStatus } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState } from '../../components/page-states';
import { formatDate, humanize, options } from '../../lib/format';
import { ProgramFormButton } from './program-form';
import { useCanRunPrograms } from '../auth/permissions';

const KINDS: ProgramKind[] = ['mentoring', 'coaching'];
const STATUSES: ProgramStatus[] = ['planned', 'active', 'closed'];

/** "8 per mentor", "5 per coach": how many each mentor or coach is meant to take. */
function caseloadText(p: { target_caseload?: number; kind: string }): string {
  return `${p.target_caseload} per ${p.kind === 'coaching' ? 'coach' : 'mentor'}`;
}

export function ProgramsList() {
  const [kind, setKind] = useState<string[]>([]);
  const [status, setStatus] = useState<string[]>([]);
  const programs = useQuery(
    listProgramsOptions({
      query: {
        kind: kind.length ? (kind as ProgramKind[]) : undefined,
        status: status.length ? (status as ProgramStatus[]) : undefined,
        sort: 'name',
        limit: 200,
      },
    }),
  );
  const items = programs.data?.items ?? [];
  const canRun = useCanRunPrograms();
  const filtered = Boolean(kind.length || status.length);
  const clearFilters = () => {
    setKind([]);
    setStatus([]);
  };
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Mentoring and coaching</Title>
        <Group gap="md">
          <Anchor component={Link} to="/impact">
            What did it change? See the impact dashboard
          </Anchor>
          {canRun && <ProgramFormButton />}
        </Group>
      </Group>
      <search aria-label="Filter programmes">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="md">
          <MultiSelect label="Kind" placeholder={kind.length ? undefined : 'Any'} data={options(KINDS)} value={kind} onChange={setKind} clearable />
          <MultiSelect label="Status" placeholder={status.length ? undefined : 'Any'} data={options(STATUSES)} value={status} onChange={setStatus} clearable />
        </SimpleGrid>
      </search>
      {programs.isError ? (
        <ErrorState error={programs.error} onRetry={() => void programs.refetch()} />
      ) : (
        <DataTable
          label="Programmes"
          minWidth={300}
          striped
          aria-busy={programs.isFetching}
          columns={[
            { label: 'Programme' },
            { label: 'Kind', visibleFrom: 'sm', fold: (p) => humanize(p.kind) },
            { label: 'Status' },
            { label: 'Check-in every', visibleFrom: 'sm', fold: (p) => `every ${p.cadence_days} days` },
            { label: 'Target caseload', visibleFrom: 'sm', fold: (p) => caseloadText(p) },
            { label: 'Runs', visibleFrom: 'sm', fold: (p) => `from ${formatDate(p.start_date)}` },
          ]}
          loading={programs.isPending && 'Loading programmes…'}
          empty={
            filtered
              ? 'No programmes match these filters.'
              : canRun
                ? 'No mentoring or coaching programmes yet. Start one, then enrol its mentors and mentees.'
                : 'No mentoring or coaching programmes you can see yet. A district manager or administrator starts them.'
          }
          emptyAction={
            filtered ? (
              <Button variant="default" size="xs" onClick={clearFilters}>
                Clear filters
              </Button>
            ) : canRun ? (
              <ProgramFormButton />
            ) : undefined
          }
          items={items}
          row={(p, _index, folded) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} to={`/mentoring/programs/${p.id}`} fw={600}>
                  {p.name}
                </Anchor>
                {p.objectives && (
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {p.objectives}
                  </Text>
                )}
                {folded}
              </Table.Td>
              <Table.Td visibleFrom="sm">{humanize(p.kind)}</Table.Td>
              <Table.Td>
                <Badge variant="outline" miw="max-content" color={p.status === 'active' ? '#1e6b30' : 'gray.8'}>
                  {humanize(p.status ?? 'planned')}
                </Badge>
              </Table.Td>
              <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                {p.cadence_days} days
              </Table.Td>
              <Table.Td visibleFrom="sm">{caseloadText(p)}</Table.Td>
              <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatDate(p.start_date)} – {p.end_date ? formatDate(p.end_date) : 'ongoing'}
              </Table.Td>
            </Table.Tr>
          )}
        />
      )}
    </>
  );
}
