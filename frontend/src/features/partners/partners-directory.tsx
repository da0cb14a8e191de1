import { Anchor, Badge, Button, Group, MultiSelect, SimpleGrid, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { listPartnersOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { PartnerKind, PartnerStatus } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { FilterPanel } from '../../components/filter-panel';
import { ErrorState } from '../../components/page-states';
import { ClearFilters } from '../../components/clear-filters';
import { CursorPager } from '../../components/table-parts';
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
          <DataTable
            label="Partners"
            minWidth={300}
            striped
            aria-busy={partners.isFetching}
            columns={[
              { label: 'Name', sort: 'name' },
              { label: 'Kind', visibleFrom: 'sm', fold: (p) => humanize(p.kind) },
              { label: 'Status' },
              { label: 'Focus areas', visibleFrom: 'sm' },
              { label: 'City', visibleFrom: 'sm', fold: (p) => p.city },
            ]}
            sort={sort}
            onSort={setSort}
            loading={partners.isPending && 'Loading partners…'}
            empty={filtersSet > 0 ? 'No partners match these filters.' : 'No partner organisations are recorded yet.'}
            emptyAction={
              filtersSet > 0 ? (
                <ClearFilters
                  onClear={() => {
                    setSearch('');
                    setKind([]);
                    setStatus([]);
                  }}
                />
              ) : (
                newPartner
              )
            }
            items={items}
            row={(p, _index, folded) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/partners/${p.id}`}>
                    {p.name}
                  </Anchor>
                  {folded}
                </Table.Td>
                <Table.Td visibleFrom="sm">{humanize(p.kind)}</Table.Td>
                <Table.Td>{humanize(p.status)}</Table.Td>
                <Table.Td visibleFrom="sm">
                  <Group gap={4}>
                    {(p.focus_areas ?? []).map((f) => (
                      <Badge key={f} size="sm" variant="outline" color="gray.8">
                        {humanize(f)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td visibleFrom="sm">{[p.city, p.state].filter(Boolean).join(', ')}</Table.Td>
              </Table.Tr>
            )}
          />
          <CursorPager pages={pages} page={partners.data} noun={['partner', 'partners']} />
        </>
      )}
    </>
  );
}
