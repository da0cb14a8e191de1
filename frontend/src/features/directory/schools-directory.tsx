import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  SimpleGrid,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';

import {
  listDistrictsOptions,
  listSchoolsOptions,
} from '../../api/gen/@tanstack/react-query.gen';
import { listSchools } from '../../api/gen/sdk.gen';
import type { ListSchoolsData, LocaleType, SchoolLevel } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { FilterPanel } from '../../components/filter-panel';
import { ErrorState } from '../../components/page-states';
import { ClearFilters } from '../../components/clear-filters';
import { CursorPager } from '../../components/table-parts';
import { toApiError } from '../../lib/api';
import { saveBlob } from '../../lib/download';
import { humanize, options } from '../../lib/format';
import { useInteractiveMark } from '../../lib/interactive';
import { US_STATES } from '../../lib/states';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { useUrlFilters } from '../../lib/use-url-filters';

const LEVELS: SchoolLevel[] = ['prekindergarten', 'elementary', 'middle', 'high', 'other'];
const LOCALES: LocaleType[] = ['city', 'suburb', 'town', 'rural'];
const PAGE_SIZE = 25;

type Filters = NonNullable<ListSchoolsData['query']>;

function readFilters(params: URLSearchParams): Filters {
  const many = (name: string) => (params.getAll(name).length ? params.getAll(name) : undefined);
  return {
    q: params.get('q') || undefined,
    state: many('state'),
    district_id: many('district_id'),
    level: many('level') as SchoolLevel[] | undefined,
    locale_type: many('locale_type') as LocaleType[] | undefined,
    sort: params.get('sort') || 'name',
  };
}

export function SchoolsDirectory() {
  const { setParams, filters, search, setSearch, update } = useUrlFilters(readFilters);

  const clearFilters = () => {
    setSearch('');
    setParams((prev) => new URLSearchParams(prev.has('sort') ? { sort: prev.get('sort')! } : {}), { replace: true });
  };

  const pages = useCursorPages(JSON.stringify(filters));
  const query = { ...filters, limit: PAGE_SIZE, include_total: pages.includeTotal, cursor: pages.cursor };
  const schools = useQuery({ ...listSchoolsOptions({ query }), placeholderData: keepPreviousData });
  const districts = useQuery({
    ...listDistrictsOptions({ query: { limit: 500, state: filters.state, sort: 'name' } }),
    staleTime: 5 * 60_000,
  });
  const districtName = useMemo(
    () => new Map((districts.data?.items ?? []).map((d) => [d.id, d.name])),
    [districts.data],
  );

  // The directory's time-to-interactive: first rows on screen.
  useInteractiveMark('directory', Boolean(schools.data));

  const [downloading, setDownloading] = useState(false);
  const downloadCsv = async () => {
    setDownloading(true);
    try {
      const { data } = await listSchools({
        query: { ...filters, format: 'csv' },
        parseAs: 'blob',
        throwOnError: true,
      });
      saveBlob(data as unknown as Blob, 'schools.csv');
    } catch (error) {
      notifications.show({ color: 'red', title: 'Download failed', message: toApiError(error).message });
    } finally {
      setDownloading(false);
    }
  };

  const sort = filters.sort ?? 'name';
  const filtersSet = [filters.q, filters.state, filters.district_id, filters.level, filters.locale_type].filter(Boolean).length;
  const onSort = (s: string) => update('sort', s);

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={1}>Schools</Title>
        <Group gap="xs">
          <Button variant="default" onClick={downloadCsv} loading={downloading}>
            Download CSV
          </Button>
          <Button component={Link} to="/schools/new">
            New school
          </Button>
        </Group>
      </Group>
      <FilterPanel label="Filter schools" active={filtersSet}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} mb="md">
          <TextInput
            label="Search by name"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <MultiSelect
            label="State"
            data={[...US_STATES]}
            value={filters.state ?? []}
            onChange={(v) => update('state', v)}
            searchable
            clearable
          />
          <MultiSelect
            label="District"
            data={(districts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            value={filters.district_id ?? []}
            onChange={(v) => update('district_id', v)}
            searchable
            clearable
          />
          <MultiSelect
            label="Level"
            data={options(LEVELS)}
            value={filters.level ?? []}
            onChange={(v) => update('level', v)}
            clearable
          />
          <MultiSelect
            label="Locale"
            data={options(LOCALES)}
            value={filters.locale_type ?? []}
            onChange={(v) => update('locale_type', v)}
            clearable
          />
        </SimpleGrid>
      </FilterPanel>
      {schools.isError ? (
        <ErrorState error={schools.error} onRetry={() => void schools.refetch()} />
      ) : (
        <>
          <DataTable
            label="Schools"
            minWidth={320}
            striped
            highlightOnHover
            aria-busy={schools.isFetching}
            columns={[
              { label: 'Name', sort: 'name' },
              { label: 'District', visibleFrom: 'sm' },
              { label: 'City', visibleFrom: 'md' },
              { label: 'State', sort: 'state' },
              { label: 'Level', sort: 'level' },
              { label: 'Locale', visibleFrom: 'md' },
              { label: 'Enrollment', visibleFrom: 'sm', align: 'right' },
            ]}
            sort={sort}
            onSort={onSort}
            loading={schools.isPending && 'Loading schools…'}
            empty={filtersSet > 0 ? 'No schools match these filters.' : 'No schools are recorded yet.'}
            emptyAction={
              filtersSet > 0 ? (
                <ClearFilters onClear={clearFilters} />
              ) : (
                <Button component={Link} to="/schools/new" size="xs">
                  New school
                </Button>
              )
            }
            items={schools.data?.items ?? []}
            row={(s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/schools/${s.id}`}>
                    {s.name}
                  </Anchor>
                  {s.status !== 'open' && (
                    <Badge ml="xs" size="sm" color="gray" variant="outline">
                      {humanize(s.status)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td visibleFrom="sm">{districtName.get(s.district_id) ?? ''}</Table.Td>
                <Table.Td visibleFrom="md">{s.city}</Table.Td>
                <Table.Td>{s.state}</Table.Td>
                <Table.Td>{humanize(s.level)}</Table.Td>
                <Table.Td visibleFrom="md">{humanize(s.locale_type)}</Table.Td>
                <Table.Td visibleFrom="sm" style={{ textAlign: 'right' }}>
                  {s.enrollment?.toLocaleString() ?? ''}
                </Table.Td>
              </Table.Tr>
            )}
          />
          <CursorPager pages={pages} page={schools.data} noun={['school', 'schools']} />
        </>
      )}
    </>
  );
}
