import { Anchor, Badge, Button, Group, MultiSelect, SimpleGrid, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { listPartnersOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { PartnerKind, PartnerStatus } from '../../api/gen/types.gen';
import { FilterPanel } from '../../components/filter-panel';
import { ErrorState } from '../../components/page-states';
import { ClearFilters } from '../../components/clear-filters';
import { EmptyRow, Pager, SortableTh } from '../../components/table-parts';
import { humanize, options } from '../../lib/format';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { PARTNER_KINDS, PARTNER_STATUSES } from './vocabulary';

export function PartnersDirectory() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [kind, setKind] = useState<string[]>([]);
  const [status, setStatus] = useState<string[]>([]);
  const [sort, setSort] = useState('name');
  const filters = {
    q: q || undefined,
    kind: kind.length ? (kind as PartnerKind[]) : undefined,
    status: status.length ? (status as PartnerStatus[]) : undefined,
    sort,
  };
  const pages = useCursorPages(JSON.stringify(filters));
  const partners = useQuery({
    ...listPartnersOptions({ query: { ...filters, limit: 25, include_total: pages.includeTotal, cursor: pages.cursor } }),
    placeholderData: keepPreviousData,
  });
  const items = partners.data?.items ?? [];
  const filtersSet = [q, kind.length, status.length].filter(Boolean).length;
  const newPartner = (
    <Button component={Link} to="/partners/new" size="xs">
      New partner
    </Button>
  );
  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={1}>Partners</Title>
        <Button component={Link} to="/partners/new">
          New partner
        </Button>
      </Group>
      <FilterPanel label="Filter partners" active={filtersSet}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
          <TextInput label="Search by name" type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
          <MultiSelect label="Kind" data={options(PARTNER_KINDS)} value={kind} onChange={setKind} clearable />
          <MultiSelect label="Status" data={options(PARTNER_STATUSES)} value={status} onChange={setStatus} clearable />
        </SimpleGrid>
      </FilterPanel>
      {partners.isError ? (
        <ErrorState error={partners.error} onRetry={() => void partners.refetch()} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={600}>
            <Table striped aria-label="Partners" aria-busy={partners.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh field="name" sort={sort} onSort={setSort}>
                    Name
                  </SortableTh>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Focus areas</Table.Th>
                  <Table.Th>City</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {partners.isPending ? (
                  <EmptyRow colSpan={5}>Loading partners…</EmptyRow>
                ) : items.length === 0 ? (
                  filtersSet > 0 ? (
                    <EmptyRow
                      colSpan={5}
                      action={
                        <ClearFilters
                          onClear={() => {
                            setSearch('');
                            setKind([]);
                            setStatus([]);
                          }}
                        />
                      }
                    >
                      No partners match these filters.
                    </EmptyRow>
                  ) : (
                    <EmptyRow colSpan={5} action={newPartner}>
                      No partner organisations are recorded yet.
                    </EmptyRow>
                  )
                ) : (
                  items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/partners/${p.id}`}>
                          {p.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{humanize(p.kind)}</Table.Td>
                      <Table.Td>{humanize(p.status)}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {(p.focus_areas ?? []).map((f) => (
                            <Badge key={f} size="sm" variant="outline" color="gray.8">
                              {humanize(f)}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{[p.city, p.state].filter(Boolean).join(', ')}</Table.Td>
                    </Table.Tr>
                  ))
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            page={pages.page}
            total={pages.total(partners.data?.total)}
            noun="partners"
            hasNext={Boolean(partners.data?.next_cursor)}
            onPrevious={pages.previous}
            onNext={() => partners.data?.next_cursor && pages.next(partners.data.next_cursor, partners.data.total)}
          />
        </>
      )}
    </>
  );
}
