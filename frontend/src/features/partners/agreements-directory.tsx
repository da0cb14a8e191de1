import { Button, Checkbox, Chip, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { AgreementStatus } from '../../api/gen/types.gen';
import { FilterPanel } from '../../components/filter-panel';
import { humanize } from '../../lib/format';
import { withParam } from '../../lib/use-url-filters';
import { AgreementsTable } from './agreements-table';
import { ClearFilters } from '../../components/clear-filters';
import { AGREEMENT_STATUSES } from './labels';

export function AgreementsDirectory() {
  const [params, setParams] = useSearchParams();
  const status = params.getAll('status') as AgreementStatus[];
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [sort, setSort] = useState('end_date');
  const overdue = params.get('overdue') === 'true';
  const expiring = params.get('expiring_within_days');
  const set = (name: string, values: string[]) => setParams((prev) => withParam(prev, name, values), { replace: true });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Agreements</Title>
        <Button component={Link} to="/agreements/new">
          New agreement
        </Button>
      </Group>
      <FilterPanel label="Filter agreements" active={[status.length, q, overdue, expiring].filter(Boolean).length}>
        <Stack gap="sm" mb="md">
          <div role="group" aria-labelledby="status-filter-label">
            <Text id="status-filter-label" size="sm" fw={500} mb={4}>
              Status
            </Text>
            <Chip.Group multiple value={status} onChange={(v) => set('status', v)}>
              <Group gap="xs">
                {AGREEMENT_STATUSES.map((s) => (
                  <Chip key={s} value={s} size="sm" variant="outline">
                    {humanize(s)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 3 }} verticalSpacing="xs">
            <TextInput
              label="Search title, reference or partner"
              type="search"
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
            />
            <Checkbox
              mt={{ sm: 30 }}
              label="Check-ins overdue"
              checked={overdue}
              onChange={(e) => set('overdue', e.currentTarget.checked ? ['true'] : [])}
            />
            <Checkbox
              mt={{ sm: 30 }}
              label="Expiring within 60 days"
              checked={expiring === '60'}
              onChange={(e) => set('expiring_within_days', e.currentTarget.checked ? ['60'] : [])}
            />
          </SimpleGrid>
        </Stack>
      </FilterPanel>
      <AgreementsTable
        filters={{
          status: status.length ? status : undefined,
          q: q || undefined,
          overdue: overdue || undefined,
          expiring_within_days: expiring ? Number(expiring) : undefined,
        }}
        sort={sort}
        onSort={setSort}
        empty={
          status.length || q || overdue || expiring
            ? 'No agreements match these filters.'
            : 'No agreements are recorded yet. Draft the first one with a partner and its schools.'
        }
        emptyAction={
          status.length || q || overdue || expiring ? (
            <ClearFilters
              onClear={() => {
                setSearch('');
                setParams({}, { replace: true });
              }}
            />
          ) : (
            <Button component={Link} to="/agreements/new" size="xs">
              New agreement
            </Button>
          )
        }
      />
    </>
  );
}
