import { Anchor, Button, Group, Progress, Stack, Switch, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { getCaseloadsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { CaseloadAlert, MentorCaseload, TierCounts } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState } from '../../components/page-states';
import { counted, formatDate } from '../../lib/format';
import { TierBadge } from './badges';
import { SUPPORT_TIERS } from './vocabulary';

// The caseload bar already shows the figures each alert's text repeats.
const ALERT: Record<CaseloadAlert, string> = {
  over_capacity: 'Over capacity',
  above_target: 'Above target',
  left_with_open_matches: 'Left with open pairs',
};

function Tiers({ tiers }: { tiers: TierCounts }) {
  return (
    <Group gap={4}>
      {SUPPORT_TIERS.filter((t) => tiers[t] > 0).map((t) => (
        <TierBadge key={t} tier={t} count={tiers[t]} />
      ))}
      {tiers.untiered > 0 && <TierBadge tier={null} count={tiers.untiered} />}
    </Group>
  );
}

function Load({ c }: { c: MentorCaseload }) {
  const limit = Math.max(c.target, c.capacity, c.weighted_caseload, 1);
  return (
    <Stack gap={2} miw={160}>
      <Progress
        value={(c.weighted_caseload / limit) * 100}
        color={c.over_capacity ? '#a63c06' : c.weighted_caseload > c.target ? 'yellow.8' : '#1e6b30'}
        size="lg"
        aria-label={`${c.mentor.name}: weighted caseload ${c.weighted_caseload} against target ${c.target} and capacity ${c.capacity}`}
      />
      <Text size="xs">
        {c.weighted_caseload} of target {c.target} · capacity {c.capacity}
      </Text>
    </Stack>
  );
}

function pairsLine(c: MentorCaseload): string {
  return `${c.active_matches} active${c.proposed_matches ? `, ${c.proposed_matches} proposed` : ''}`;
}

/** Each mentor's or coach's caseload, weighted by the tiers of the schools served, against target and capacity. */
export function Caseloads({ programId }: { programId?: string }) {
  const [overOnly, setOverOnly] = useState(false);
  const caseloads = useQuery(
    getCaseloadsOptions({ query: { program_id: programId ? [programId] : undefined, over_capacity: overOnly || undefined, limit: 500 } }),
  );
  if (caseloads.isError) return <ErrorState error={caseloads.error} onRetry={() => void caseloads.refetch()} />;
  const r = caseloads.data;
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text>
          {r
            ? `${counted(r.mentors_total, 'person', 'people')} carrying ${counted(r.open_matches_total, 'open pair', 'open pairs')}; ${r.over_capacity_total} over capacity (as of ${formatDate(r.as_of)}).`
            : 'Loading caseloads…'}
        </Text>
        <Switch label="Only those over capacity" checked={overOnly} onChange={(e) => setOverOnly(e.currentTarget.checked)} />
      </Group>
      <DataTable
        label="Caseloads"
        minWidth={300}
        striped
        aria-busy={caseloads.isFetching}
        columns={[
          { label: 'Name' },
          !programId && { label: 'Programme', visibleFrom: 'sm' },
          { label: 'Caseload (weighted by tier)' },
          { label: 'Pairs', visibleFrom: 'sm', fold: pairsLine },
          { label: "Schools' tiers", visibleFrom: 'sm' },
          { label: 'Sites', visibleFrom: 'sm' },
          { label: 'Alerts', visibleFrom: 'sm', fold: (c) => c.alerts.map((a) => ALERT[a.code]).join(' · ') },
        ]}
        loading={!r && 'Loading caseloads…'}
        empty={
          overOnly
            ? 'Nobody is over capacity.'
            : programId
              ? 'Nobody in this programme carries a caseload yet: caseloads come from its pairs.'
              : 'Nobody carries a caseload yet: open a programme and review its suggested pairs to start some.'
        }
        emptyAction={
          overOnly ? (
            <Button variant="default" size="xs" onClick={() => setOverOnly(false)}>
              Show everyone
            </Button>
          ) : programId ? (
            <Button component={Link} to={`/mentoring/programs/${programId}?tab=suggestions`} size="xs">
              Review suggested pairs
            </Button>
          ) : undefined
        }
        items={r?.items ?? []}
        row={(c, _index, folded) => (
          <Table.Tr key={`${c.program_id}:${c.mentor.id}`}>
            <Table.Td>
              {c.mentor.person_id ? (
                <Anchor component={Link} to={`/people/${c.mentor.person_id}`}>
                  {c.mentor.name ?? '—'}
                </Anchor>
              ) : (
                (c.mentor.name ?? '—')
              )}
              {folded}
            </Table.Td>
            {!programId && (
              <Table.Td visibleFrom="sm">
                <Anchor component={Link} to={`/mentoring/programs/${c.program_id}?tab=caseloads`} size="sm">
                  {c.program_name}
                </Anchor>
              </Table.Td>
            )}
            <Table.Td>
              <Load c={c} />
            </Table.Td>
            <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
              {pairsLine(c)}
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Tiers tiers={c.tiers} />
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Text size="sm" lineClamp={3}>
                {c.sites.map((s) => `${s.name} (${s.mentees})`).join(', ') || '—'}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Stack gap={4}>
                {c.alerts.length === 0 ? (
                  <Text size="sm" c="dimmed">None</Text>
                ) : (
                  c.alerts.map((a) => (
                    <Text key={a.code} size="sm" c="#a63c06" fw={a.code === 'over_capacity' ? 700 : 500} style={{ whiteSpace: 'nowrap' }}>
                      {ALERT[a.code]}
                    </Text>
                  ))
                )}
              </Stack>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
