import { Checkbox, SegmentedControl, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createRoleAssignmentMutation,
  listDistrictsOptions,
  listPartnerPeopleQueryKey,
  listPartnersOptions,
  listPeopleQueryKey,
  listRoleAssignmentsQueryKey,
  listSchoolsOptions,
} from '../../api/gen/@tanstack/react-query.gen';
import type { RoleAssignmentCreate, StaffRole } from '../../api/gen/types.gen';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { toApiError } from '../../lib/api';
import { applyProblem } from '../../lib/form-errors';
import { humanize, options, today } from '../../lib/format';
import { ROLES } from './roles';

type Place = 'school' | 'district' | 'partner';
type Values = {
  place: Place;
  school_id: string | null;
  district_id: string | null;
  partner_id: string | null;
  role: StaffRole | null;
  title: string;
  start_date: string;
  is_primary: boolean;
};
const FIELDS = ['school_id', 'district_id', 'partner_id', 'role', 'title', 'start_date', 'is_primary'];

/** A searchable picker whose options come from a list call as the user types. */
function SearchPicker({
  label,
  value,
  onChange,
  error,
  useResults,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: React.ReactNode;
  useResults: (q: string | undefined) => { data: { value: string; label: string }[]; searching: boolean };
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const results = useResults(q || undefined);
  return (
    <Select
      label={label}
      required
      searchable
      placeholder="Type to search"
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      data={results.data}
      value={value}
      onChange={onChange}
      error={error}
      nothingFoundMessage={results.searching ? 'Searching…' : 'Nothing by that name'}
    />
  );
}

function useSchools(q: string | undefined) {
  const r = useQuery(listSchoolsOptions({ query: { q, limit: 20, sort: 'name' } }));
  return { data: (r.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.city ?? s.state})` })), searching: r.isFetching };
}
function usePartners(q: string | undefined) {
  const r = useQuery(listPartnersOptions({ query: { q, limit: 20, sort: 'name' } }));
  return { data: (r.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })), searching: r.isFetching };
}
function useDistricts(q: string | undefined) {
  const r = useQuery(listDistrictsOptions({ query: { q, limit: 20, sort: 'name' } }));
  return { data: (r.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name} (${d.state})` })), searching: r.isFetching };
}

/** Gives a person a role at a school, a district office or a partner organisation. */
export function RoleAssignmentForm({ personId, onDone }: { personId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const create = useMutation(createRoleAssignmentMutation());
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      place: 'school',
      school_id: null,
      district_id: null,
      partner_id: null,
      role: null,
      title: '',
      start_date: today(),
      is_primary: false,
    },
    validate: {
      school_id: (v, all) => (all.place === 'school' && !v ? 'Choose the school' : null),
      district_id: (v, all) => (all.place === 'district' && !v ? 'Choose the district' : null),
      partner_id: (v, all) => (all.place === 'partner' && !v ? 'Choose the partner' : null),
      role: (v) => (v ? null : 'Choose the role'),
    },
  });
  const v = form.getValues();

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      await create.mutateAsync({
        body: {
          person_id: personId,
          role: values.role!,
          school_id: values.place === 'school' ? values.school_id : null,
          district_id: values.place === 'district' ? values.district_id : null,
          partner_id: values.place === 'partner' ? values.partner_id : null,
          title: values.title.trim() || null,
          start_date: values.start_date || null,
          is_primary: values.is_primary,
        } as RoleAssignmentCreate,
      });
      void queryClient.invalidateQueries({ queryKey: listRoleAssignmentsQueryKey() });
      void queryClient.invalidateQueries({ queryKey: listPeopleQueryKey() });
      if (values.partner_id) {
        void queryClient.invalidateQueries({ queryKey: listPartnerPeopleQueryKey({ path: { partner_id: values.partner_id } }) });
      }
      notifications.show({ color: 'green', message: `Role added: ${humanize(values.role)}.` });
      onDone();
    } catch (error) {
      setFailure(applyProblem(toApiError(error), form.setFieldError, FIELDS));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Add a role">
      <Stack>
        <FormFailure message={failure} />
        <SegmentedControl
          aria-label="Where"
          data={[
            { value: 'school', label: 'At a school' },
            { value: 'district', label: 'District office' },
            { value: 'partner', label: 'At a partner' },
          ]}
          {...form.getInputProps('place')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {v.place === 'school' && (
            <SearchPicker label="School" value={v.school_id} onChange={(id) => form.setFieldValue('school_id', id)} error={form.errors.school_id} useResults={useSchools} />
          )}
          {v.place === 'district' && (
            <SearchPicker label="District" value={v.district_id} onChange={(id) => form.setFieldValue('district_id', id)} error={form.errors.district_id} useResults={useDistricts} />
          )}
          {v.place === 'partner' && (
            <SearchPicker label="Partner" value={v.partner_id} onChange={(id) => form.setFieldValue('partner_id', id)} error={form.errors.partner_id} useResults={usePartners} />
          )}
          <Select label="Role" required searchable data={options(ROLES)} {...form.getInputProps('role')} />
          <TextInput label="Job title" placeholder="Only if it says more than the role" {...form.getInputProps('title')} />
          <TextInput label="Since" type="date" {...form.getInputProps('start_date')} />
        </SimpleGrid>
        <Checkbox label="Primary role (the place to reach them first)" {...form.getInputProps('is_primary', { type: 'checkbox' })} />
        <FormActions submit="Add role" loading={form.submitting} onCancel={onDone} />
      </Stack>
    </form>
  );
}
