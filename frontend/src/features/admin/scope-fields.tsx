import { MultiSelect, Select, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { listDistrictsOptions, listPartnersOptions, listSchoolsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { Role } from '../../api/gen/types.gen';
import { type Grant, ROLE_CHOICES } from './grant';

function useSearch() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  return { search, setSearch, q };
}

/** Keeps the labels of what was picked, so a choice stays named when the search moves on. */
function useLabels() {
  const [labels, setLabels] = useState<Record<string, string>>({});
  const remember = (items: { value: string; label: string }[]) =>
    setLabels((prev) => ({ ...prev, ...Object.fromEntries(items.map((i) => [i.value, i.label])) }));
  return { labels, remember };
}

function merged(found: { value: string; label: string }[], picked: string[], labels: Record<string, string>) {
  const out = new Map(found.map((o) => [o.value, o.label]));
  for (const id of picked) if (!out.has(id)) out.set(id, labels[id] ?? id);
  return [...out].map(([value, label]) => ({ value, label }));
}

export function ScopeFields({
  grant,
  onChange,
  error,
}: {
  grant: Grant;
  onChange: (grant: Grant) => void;
  error?: string | null;
}) {
  const districts = useQuery(listDistrictsOptions({ query: { limit: 100, sort: 'name' } }));
  const schools = useSearch();
  const schoolHits = useQuery({ ...listSchoolsOptions({ query: { q: schools.q, limit: 20 } }), enabled: grant.role === 'coordinator' || grant.role === 'viewer' });
  const partners = useSearch();
  const partnerHits = useQuery({ ...listPartnersOptions({ query: { q: partners.q || null, limit: 20 } }), enabled: grant.role === 'partner' });
  const names = useLabels();
  const districtData = (districts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }));
  const schoolData = merged((schoolHits.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })), grant.school_ids, names.labels);
  const partnerData = merged((partnerHits.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })), grant.partner_id ? [grant.partner_id] : [], names.labels);
  const set = (patch: Partial<Grant>) => onChange({ ...grant, ...patch });
  return (
    <Stack gap="sm">
      <Select
        label="Role"
        required
        allowDeselect={false}
        data={ROLE_CHOICES}
        value={grant.role}
        onChange={(role) => role && set({ role: role as Role })}
      />
      {(grant.role === 'district_manager' || grant.role === 'viewer') && (
        <MultiSelect
          label="Districts"
          searchable
          data={districtData}
          value={grant.district_ids}
          onChange={(district_ids) => set({ district_ids })}
          error={grant.role === 'district_manager' ? error : undefined}
          nothingFoundMessage={districts.isPending ? 'Loading districts…' : 'No district by that name'}
        />
      )}
      {(grant.role === 'coordinator' || grant.role === 'viewer') && (
        <MultiSelect
          label="Schools"
          searchable
          searchValue={schools.search}
          onSearchChange={schools.setSearch}
          filter={({ options }) => options}
          data={schoolData}
          value={grant.school_ids}
          onChange={(school_ids) => {
            names.remember(schoolData);
            set({ school_ids });
          }}
          error={error}
          nothingFoundMessage={schoolHits.isFetching ? 'Searching…' : 'No school by that name'}
        />
      )}
      {grant.role === 'partner' && (
        <Select
          label="Partner"
          searchable
          clearable
          searchValue={partners.search}
          onSearchChange={partners.setSearch}
          filter={({ options }) => options}
          data={partnerData}
          value={grant.partner_id}
          onChange={(partner_id) => {
            names.remember(partnerData);
            set({ partner_id });
          }}
          error={error}
          nothingFoundMessage={partnerHits.isFetching ? 'Searching…' : 'No partner by that name'}
        />
      )}
    </Stack>
  );
}
