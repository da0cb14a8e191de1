import { Anchor, Button, Group, MultiSelect, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { listMatchesOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { Health, MatchStatus, ProgramRead } from '../../api/gen/types.gen';
import { ClearFilters } from '../../components/clear-filters';
import { DataTable } from '../../components/data-table';
import { FilterPanel } from '../../components/filter-panel';
import { ErrorState } from '../../components/page-states';
import { CursorPager } from '../../components/table-parts';
import { formatDate, humanize, options } from '../../lib/format';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { HealthBadge, MatchStatusBadge } from './badges';
import { useParticipantNames, useParticipants } from './use-participant-names';
import { HEALTH_LABEL, mentorWord } from './vocabulary';

const STATUSES: MatchStatus[] = ['proposed', 'active', 'completed', 'ended_early'];
const HEALTHS: Health[] = ['needs_check_in', 'on_track', 'too_early'];
const OPEN: MatchStatus[] = ['proposed', 'active'];

/** A programme's pairs with their health: days since the last check-in against the cadence. */
export function MatchesTable({ program }: { program: ProgramRead }) {
  const [status, setStatus] = useState<string[]>(OPEN);
  const [health, setHealth] = useState<string[]>([]);
  const words = mentorWord(program.kind);
  const filtered = health.length > 0 || status.length > 0;
  const stages = status.map((s) => humanize(s).toLowerCase()).join(' or ');
  const clearFilters = () => {
    setStatus([]);
    setHealth([]);
  };
  const filters = {
    program_id: [program.id],
    status: status.length ? (status as MatchStatus[]) : undefined,
    health: health.length ? (health as Health[]) : undefined,
    sort: 'created_at',
  };
  const pages = useCursorPages(JSON.stringify(filters));
  const matches = useQuery({
    ...listMatchesOptions({ query: { ...filters, limit: 25, include_total: pages.includeTotal, cursor: pages.cursor } }),
    placeholderData: keepPreviousData,
  });
  const participants = useParticipants(program.id);
  const items = matches.data?.items ?? [];
  const names = useParticipantNames(participants.data?.items, items.flatMap((m) => [m.mentor_id, m.mentee_id]));
  return (
    <>
      <FilterPanel label="Filter pairs" active={(status.length ? 1 : 0) + (health.length ? 1 : 0)}>
        <SimpleGrid cols={{ base: 1, xs: 2 }} mb="md" maw={640}>
          <MultiSelect label="Stage" data={options(STATUSES)} value={status} onChange={setStatus} clearable />
          <MultiSelect
            label="Health"
            data={HEALTHS.map((h) => ({ value: h, label: HEALTH_LABEL[h] }))}
            value={health}
            onChange={setHealth}
            clearable
          />
        </SimpleGrid>
      </FilterPanel>
      {matches.isError ? (
        <ErrorState error={matches.error} onRetry={() => void matches.refetch()} />
      ) : (
        <>
          {items.length > 0 && (
            <Stack hiddenFrom="sm" gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Pairs">
              {items.map((m) => (
                <Paper key={m.id} component="li" withBorder p="sm">
                  <Anchor component={Link} to={`/mentoring/matches/${m.id}`} fw={600}>
                    {names.get(m.mentor_id)} and {names.get(m.mentee_id)}
                  </Anchor>
                  <Group gap="xs" mt={4}>
                    <MatchStatusBadge status={m.status} />
                    <HealthBadge health={m.health} due={m.next_check_in_due} />
                  </Group>
                  <Text size="sm" mt={4}>
                    Last check-in {m.last_check_in_on ? formatDate(m.last_check_in_on) : 'none yet'}
                    {m.next_check_in_due ? ` · next due ${formatDate(m.next_check_in_due)}` : ''}
                  </Text>
                </Paper>
              ))}
            </Stack>
          )}
          <DataTable
            label="Pairs"
            minWidth={720}
            visibleFrom={items.length ? 'sm' : undefined}
            striped
            aria-busy={matches.isFetching}
            columns={[
              { label: words.mentor },
              { label: words.mentee },
              { label: 'Stage' },
              { label: 'Health' },
              { label: 'Last check-in' },
              { label: 'Next due' },
              { label: 'Check-ins' },
            ]}
            loading={matches.isPending && 'Loading pairs…'}
            empty={
              filtered
                ? `No ${stages ? `${stages} ` : ''}pairs match these filters.`
                : `No pairs in ${program.name} yet. Review the suggested pairs to propose some.`
            }
            emptyAction={
              <Group gap="xs">
                {filtered && <ClearFilters onClear={clearFilters} />}
                <Button component={Link} to={`/mentoring/programs/${program.id}?tab=suggestions`} size="xs">
                  Review suggested pairs
                </Button>
              </Group>
            }
            items={items}
            row={(m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Anchor component={Link} to={`/mentoring/matches/${m.id}`} fw={600} aria-label={`${names.get(m.mentor_id)} and ${names.get(m.mentee_id)}`}>
                  {names.get(m.mentor_id)}
                </Anchor>
              </Table.Td>
              <Table.Td>{names.get(m.mentee_id)}</Table.Td>
              <Table.Td>
                <MatchStatusBadge status={m.status} />
                {m.end_reason && (
                  <Text size="xs" c="dimmed">
                    {humanize(m.end_reason)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <HealthBadge health={m.health} due={m.next_check_in_due} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {m.last_check_in_on ? `${formatDate(m.last_check_in_on)} (${m.days_since_check_in} d ago)` : 'none yet'}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(m.next_check_in_due)}</Table.Td>
              <Table.Td>{m.check_in_count}</Table.Td>
            </Table.Tr>
            )}
          />
          <CursorPager pages={pages} page={matches.data} noun={['pair', 'pairs']} />
        </>
      )}
    </>
  );
}
