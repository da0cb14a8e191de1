import { Anchor, Button, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';

import { listGoalsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { GoalArea, GoalStatus } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { FilterPanel } from '../../components/filter-panel';
import { ErrorState } from '../../components/page-states';
import { ClearFilters } from '../../components/clear-filters';
import { CursorPager } from '../../components/table-parts';
import { options } from '../../lib/format';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { formatValue } from './format-value';
import { GoalProgress, GoalStatusBadge, OnTrackBadge } from './goal-badges';
import { SchoolSelect } from './school-select';
import { useSchoolNames } from '../../lib/use-school-names';
import { GOAL_AREAS, GOAL_STATUSES, areaLabel, currentSchoolYear, schoolYearChoices } from './vocabulary';

const TRACK = [
  { value: 'behind', label: 'Behind' },
  { value: 'on', label: 'On track' },
];

/** Goals for a school (or all in scope) and one school year, with progress and on-track badges. */
export function GoalsList() {
  const [params, setParams] = useSearchParams();
  const schoolId = params.get('school_id');
  const year = params.get('school_year') ?? currentSchoolYear();
  const areas = params.getAll('area') as GoalArea[];
  const statuses = params.getAll('status') as GoalStatus[];
  const track = params.get('on_track');
  const set = (key: string, values: string[]) =>
    setParams(
      (p) => {
        p.delete(key);
        values.forEach((v) => p.append(key, v));
        return p;
      },
      { replace: true },
    );
  const filters = {
    school_id: schoolId ? [schoolId] : undefined,
    school_year: [year],
    area: areas.length ? areas : undefined,
    status: statuses.length ? statuses : undefined,
    on_track: track === 'on' ? true : track === 'behind' ? false : undefined,
  };
  const pages = useCursorPages(JSON.stringify(filters));
  const goals = useQuery({
    ...listGoalsOptions({ query: { ...filters, limit: 25, include_total: pages.includeTotal, cursor: pages.cursor } }),
    placeholderData: keepPreviousData,
  });
  // A school's goals read in its priority order; the API pages them by title.
  const items = [...(goals.data?.items ?? [])].sort(
    (a, b) => (a.school_id ?? '').localeCompare(b.school_id ?? '') || (a.priority ?? 1000) - (b.priority ?? 1000),
  );
  const schoolNames = useSchoolNames(schoolId ? [] : items.map((g) => g.school_id));
  const filtered = Boolean(areas.length || statuses.length || track);
  const clearFilters = () =>
    setParams(
      (p) => {
        ['area', 'status', 'on_track'].forEach((key) => p.delete(key));
        return p;
      },
      { replace: true },
    );
  const newGoal = `/goals/new?school_year=${year}${schoolId ? `&school_id=${schoolId}` : ''}`;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Goals</Title>
        <Group gap="xs">
          <Button variant="default" component={Link} to={`/goals/alignment?school_year=${year}${schoolId ? `&school_id=${schoolId}` : ''}`}>
            Alignment
          </Button>
          <Button component={Link} to={newGoal}>
            New goal
          </Button>
        </Group>
      </Group>
      <FilterPanel label="Filter goals" active={[schoolId, areas.length, statuses.length, track].filter(Boolean).length}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} mb="md">
          <SchoolSelect
            value={schoolId}
            clearable
            placeholder="All schools you can see"
            onChange={(id) => set('school_id', id ? [id] : [])}
          />
          <Select label="School year" data={schoolYearChoices()} value={year} onChange={(v) => set('school_year', v ? [v] : [])} allowDeselect={false} />
          <MultiSelect label="Area" data={GOAL_AREAS.map((a) => ({ value: a, label: areaLabel(a) }))} value={areas} onChange={(v) => set('area', v)} clearable />
          <MultiSelect label="Status" data={options(GOAL_STATUSES)} value={statuses} onChange={(v) => set('status', v)} clearable />
          <Select label="On track" data={TRACK} value={track} onChange={(v) => set('on_track', v ? [v] : [])} clearable placeholder="Any" />
        </SimpleGrid>
      </FilterPanel>
      {goals.isError ? (
        <ErrorState error={goals.error} onRetry={() => void goals.refetch()} />
      ) : (
        <>
          {/* Phones get cards: progress and on-track would sit off screen in a scrolled table. */}
          {items.length > 0 && (
          <Stack hiddenFrom="sm" gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={`Goals for ${year}`}>
            {items.map((g) => (
              <Paper key={g.id} component="li" withBorder p="sm">
                <Anchor component={Link} to={`/goals/${g.id}`} fw={600}>
                  {g.priority != null ? `${g.priority}. ` : ''}
                  {g.title}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {areaLabel(g.area)}
                  {!schoolId && g.school_id ? ` · ${schoolNames.get(g.school_id)}` : ''}
                </Text>
                <GoalProgress goal={g} label={g.title} />
                <Group gap="xs" mt={4}>
                  <OnTrackBadge goal={g} />
                  <GoalStatusBadge status={g.status ?? 'draft'} />
                  <Text size="sm">
                    {formatValue(g.latest, g.unit)} / {formatValue(g.target_value, g.unit)}
                  </Text>
                </Group>
              </Paper>
            ))}
          </Stack>
          )}
          <DataTable
            label={`Goals for ${year}`}
            minWidth={760}
            visibleFrom={items.length ? 'sm' : undefined}
            striped
            aria-busy={goals.isFetching}
            columns={[
              { label: 'Goal' },
              !schoolId && { label: 'School' },
              { label: 'Area' },
              { label: 'Progress', miw: 180 },
              { label: 'On track' },
              { label: 'Latest / target' },
              { label: 'Status' },
            ]}
            loading={goals.isPending && 'Loading goals…'}
            empty={
              <Stack gap={4} align="center" component="span">
                <span>
                  {filtered ? 'No goals match these filters.' : `No goals for ${year}${schoolId ? ' at this school' : ''} yet.`}
                </span>
                {filtered ? (
                  <ClearFilters onClear={clearFilters} />
                ) : (
                  <Anchor component={Link} to={newGoal}>
                    Set a goal for {year}
                  </Anchor>
                )}
              </Stack>
            }
            items={items}
            row={(g) => (
            <Table.Tr key={g.id}>
              <Table.Td>
                <Anchor component={Link} to={`/goals/${g.id}`} fw={600}>
                  {g.priority != null ? `${g.priority}. ` : ''}
                  {g.title}
                </Anchor>
              </Table.Td>
              {!schoolId && (
                <Table.Td>
                  {g.school_id ? (
                    <Anchor component={Link} to={`/goals?school_id=${g.school_id}&school_year=${year}`} size="sm">
                      {schoolNames.get(g.school_id)}
                    </Anchor>
                  ) : (
                    <Text size="sm">District-wide</Text>
                  )}
                </Table.Td>
              )}
              <Table.Td>{areaLabel(g.area)}</Table.Td>
              <Table.Td>
                <GoalProgress goal={g} label={g.title} />
              </Table.Td>
              <Table.Td>
                <OnTrackBadge goal={g} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {formatValue(g.latest, g.unit)} / {formatValue(g.target_value, g.unit)}
              </Table.Td>
              <Table.Td>
                <GoalStatusBadge status={g.status ?? 'draft'} />
              </Table.Td>
            </Table.Tr>
            )}
          />
          <CursorPager pages={pages} page={goals.data} noun={['goal', 'goals']} />
        </>
      )}
    </>
  );
}
