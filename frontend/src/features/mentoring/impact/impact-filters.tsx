import { MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';

import { listDistrictsOptions, listProgramsOptions } from '../../../api/gen/@tanstack/react-query.gen';
import type { GetMentoringImpactData, LocaleType, SchoolLevel, StaffRole } from '../../../api/gen/types.gen';
import { FilterPanel } from '../../../components/filter-panel';
import { options } from '../../../lib/format';

const LEVELS: SchoolLevel[] = ['prekindergarten', 'elementary', 'middle', 'high', 'other'];
const LOCALES: LocaleType[] = ['city', 'suburb', 'town', 'rural'];
const ROLES: StaffRole[] = [
  'principal', 'assistant_principal', 'teacher', 'interventionist', 'specialist', 'therapist', 'counselor',
  'partnerships_coordinator', 'coach', 'director', 'senior_director', 'executive_director',
  'senior_associate', 'associate', 'assistant', 'superintendent', 'volunteer', 'other',
];

export type ImpactQuery = NonNullable<GetMentoringImpactData['query']>;

/** The dashboard's filters live in the address, so a view can be bookmarked and shared. */
export function useImpactQuery(): [ImpactQuery, (key: string, values: string[]) => void] {
  const [params, setParams] = useSearchParams();
  const list = <T extends string>(key: string) => {
    const v = params.getAll(key) as T[];
    return v.length ? v : undefined;
  };
  const query: ImpactQuery = {
    program_id: list('program_id'),
    district_id: list('district_id'),
    school_level: list<SchoolLevel>('school_level'),
    locale_type: list<LocaleType>('locale_type'),
    role: list<StaffRole>('role'),
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  };
  const set = (key: string, values: string[]) =>
    setParams(
      (p) => {
        p.delete(key);
        values.filter(Boolean).forEach((v) => p.append(key, v));
        return p;
      },
      { replace: true },
    );
  return [query, set];
}

export function ImpactFilters({ query, set }: { query: ImpactQuery; set: (key: string, values: string[]) => void }) {
  const programs = useQuery({ ...listProgramsOptions({ query: { limit: 200, sort: 'name' } }), staleTime: 5 * 60_000 });
  const districts = useQuery({ ...listDistrictsOptions({ query: { limit: 200, sort: 'name' } }), staleTime: 5 * 60_000 });
  return (
    <FilterPanel label="Filter the figures" active={Object.values(query).filter((v) => v !== undefined).length}>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4, lg: 7 }} mb="md">
        <Select
          label="Programme"
          clearable
          placeholder="All"
          data={(programs.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={query.program_id?.[0] ?? null}
          onChange={(v) => set('program_id', v ? [v] : [])}
        />
        <Select
          label="District"
          clearable
          searchable
          placeholder="All"
          data={(districts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          value={query.district_id?.[0] ?? null}
          onChange={(v) => set('district_id', v ? [v] : [])}
        />
        <MultiSelect label="School level" placeholder={query.school_level ? undefined : 'All'} data={options(LEVELS)} value={query.school_level ?? []} onChange={(v) => set('school_level', v)} clearable />
        <MultiSelect label="Locale" placeholder={query.locale_type ? undefined : 'All'} data={options(LOCALES)} value={query.locale_type ?? []} onChange={(v) => set('locale_type', v)} clearable />
        <MultiSelect label="Role" placeholder={query.role ? undefined : 'All'} data={options(ROLES)} value={query.role ?? []} onChange={(v) => set('role', v)} clearable searchable />
        <TextInput label="From" type="date" value={query.from ?? ''} onChange={(e) => set('from', [e.currentTarget.value])} />
        <TextInput label="To" type="date" value={query.to ?? ''} onChange={(e) => set('to', [e.currentTarget.value])} />
      </SimpleGrid>
    </FilterPanel>
  );
}
