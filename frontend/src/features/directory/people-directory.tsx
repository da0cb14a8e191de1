import { Anchor, Button, Checkbox, Group, MultiSelect, Select, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { ListPeopleData, StaffRole } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { FilterPanel } from '../../components/filter-panel';
import { ErrorState } from '../../components/page-states';
import { ClearFilters } from '../../components/clear-filters';
import { CursorPager, type Noun } from '../../components/table-parts';
import { fullName, options } from '../../lib/format';
import { useNarrow } from '../../lib/narrow';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { useUrlFilters } from '../../lib/use-url-filters';
import { ContactCards } from './contact-cards';
import { ContactCells } from './contact-cells';
import { ROLES } from './roles';
import { REVERIFY_AFTER_DAYS } from './verify-cell';

const PAGE_SIZE = 25;
/** The API's order for the worklist: never verified first, then the longest since. */
const MOST_OVERDUE_FIRST = 'last_verified';

type Filters = NonNullable<ListPeopleData['query']>;

function readFilters(params: URLSearchParams): Filters {
  const active = params.get('active');
  const due = Boolean(params.get('due'));
  return {
    q: params.get('q') || undefined,
    role: params.getAll('role').length ? (params.getAll('role') as StaffRole[]) : undefined,
    is_active: active === 'all' ? undefined : active !== 'no',
    stale_after_days: due ? REVERIFY_AFTER_DAYS : undefined,
    sort: params.get('sort') || (due ? MOST_OVERDUE_FIRST : 'family_name'),
  };
}

/** The worklist's first page unfiltered: the home page's card shares its cached answer. */
export const DUE_CONTACTS_QUERY = {
  is_active: true,
  stale_after_days: REVERIFY_AFTER_DAYS,
  sort: MOST_OVERDUE_FIRST,
  limit: PAGE_SIZE,
  include_total: true,
} as const;

/** Everyone in the directory, or (`?due=1`) the contacts due for re-verification, most overdue first. */
export function PeopleDirectory() {
  const { params, setParams, filters, search, setSearch, update } = useUrlFilters(readFilters);
  const due = Boolean(filters.stale_after_days);
  const narrow = useNarrow();

  const pages = useCursorPages(JSON.stringify(filters));
  const people = useQuery({
    ...listPeopleOptions({ query: { ...filters, limit: PAGE_SIZE, include_total: pages.includeTotal, cursor: pages.cursor } }),
    placeholderData: keepPreviousData,
  });
  const items = people.data?.items ?? [];
  const filtersSet = [filters.q, filters.role, params.get('active')].filter(Boolean).length;
  const sort = filters.sort ?? 'family_name';
  const noun: Noun = due ? ['contact due', 'contacts due'] : ['person', 'people'];

  const emptyText = due
    ? `Every contact was verified in the last ${REVERIFY_AFTER_DAYS} days.`
    : filtersSet > 0
      ? 'No one matches these filters.'
      : 'No people are recorded yet.';
  const clearFilters = () => {
    setSearch('');
    setParams(
      (prev) => {
        const next = new URLSearchParams();
        for (const keep of ['due', 'sort']) if (prev.has(keep)) next.set(keep, prev.get(keep)!);
        return next;
      },
      { replace: true },
    );
  };
  const emptyAction =
    filtersSet > 0 ? (
      <ClearFilters onClear={clearFilters} />
    ) : !due ? (
      <Button component={Link} to="/partners" size="xs" variant="default">
        Add staff to a partner
      </Button>
    ) : undefined;

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={1}>{due ? 'Contacts due for re-verification' : 'People'}</Title>
        {due ? (
          <Button component={Link} to="/people" variant="default">
            Everyone
          </Button>
        ) : (
          <Button component={Link} to="/people?due=1" variant="default">
            Due for re-verification
          </Button>
        )}
      </Group>
      {due && (
        <Text mb="md">
          Never verified first, then the longest since someone confirmed their details. Verify as you call or write;
          each has a few seconds to undo.
        </Text>
      )}
      <FilterPanel label="Filter people" active={filtersSet}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
          <TextInput label="Search by name or email" type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
          <MultiSelect label="Current role" data={options(ROLES)} value={filters.role ?? []} onChange={(v) => update('role', v)} searchable clearable />
          <Select
            label="Status"
            data={[
              { value: 'yes', label: 'Active' },
              { value: 'no', label: 'Inactive' },
              { value: 'all', label: 'Active and inactive' },
            ]}
            value={params.get('active') ?? 'yes'}
            onChange={(v) => update('active', v === 'yes' ? undefined : (v ?? undefined))}
            allowDeselect={false}
          />
        </SimpleGrid>
        {!due && (
          <Checkbox
            mb="md"
            label={`Only contacts due for re-verification (not verified in ${REVERIFY_AFTER_DAYS} days)`}
            checked={due}
            onChange={(e) => update('due', e.currentTarget.checked ? '1' : undefined)}
          />
        )}
      </FilterPanel>
      {people.isError ? (
        <ErrorState error={people.error} onRetry={() => void people.refetch()} />
      ) : (
        <>
          {narrow ? (
            people.isPending ? (
              <Text>Loading people…</Text>
            ) : (
              <ContactCards
                label={due ? 'Contacts due for re-verification' : 'People'}
                contacts={items.map((p) => ({ key: p.id, person: p }))}
                empty={
                  <Group gap="sm">
                    <Text>{emptyText}</Text>
                    {emptyAction}
                  </Group>
                }
              />
            )
          ) : (
            <DataTable
              label={due ? 'Contacts due for re-verification' : 'People'}
              minWidth={720}
              striped
              aria-busy={people.isFetching}
              columns={[{ label: 'Name', sort: 'family_name' }, { label: 'Email' }, { label: 'Phone' }, { label: 'Verified', sort: MOST_OVERDUE_FIRST }]}
              sort={sort}
              onSort={(s) => update('sort', s)}
              loading={people.isPending && 'Loading people…'}
              empty={emptyText}
              emptyAction={emptyAction}
              items={items}
              row={(p) => (
                <Table.Tr key={p.id}>
                  <Table.Td className="nowrap">
                    <Anchor component={Link} to={`/people/${p.id}`}>
                      {fullName(p)}
                    </Anchor>
                    {!p.is_active && (
                      <Text span size="sm" c="dimmed" ml={6}>
                        (inactive)
                      </Text>
                    )}
                  </Table.Td>
                  <ContactCells person={p} />
                </Table.Tr>
              )}
            />
          )}
          <CursorPager pages={pages} page={people.data} noun={noun} />
        </>
      )}
    </>
  );
}
