import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  getSchoolOptions,
  listDistrictsOptions,
} from '../../api/gen/@tanstack/react-query.gen';
import type {
  Grade,
  SchoolCreate,
  SchoolLevel,
  SchoolRead,
  SchoolStatus,
} from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormFailure } from '../../components/form-failure';
import { toApiError } from '../../lib/api';
import { type Change, changedFields, mergePatch, rebase } from '../../lib/diff';
import { applyProblem } from '../../lib/form-errors';
import { options } from '../../lib/format';
import { US_STATES } from '../../lib/states';

const LEVELS: SchoolLevel[] = ['prekindergarten', 'elementary', 'middle', 'high', 'other'];
const STATUSES: SchoolStatus[] = ['open', 'new', 'reopened', 'future', 'closed', 'inactive'];
const GRADES: Grade[] = ['PK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', 'UG', 'AE'];

type Values = {
  name: string;
  district_id: string;
  state: string;
  level: SchoolLevel;
  status: SchoolStatus;
  grade_low: Grade | null;
  grade_high: Grade | null;
  street: string;
  city: string;
  zip: string;
  phone: string;
  website: string;
  enrollment: number | string;
  nces_id: string;
  is_title_i: boolean;
  is_charter: boolean;
  is_magnet: boolean;
};
const FIELDS = [
  'name', 'district_id', 'state', 'level', 'status', 'grade_low', 'grade_high', 'street', 'city',
  'zip', 'phone', 'website', 'enrollment', 'nces_id', 'is_title_i', 'is_charter', 'is_magnet',
] as const;

function toValues(s?: SchoolRead): Values {
  return {
    name: s?.name ?? '',
    district_id: s?.district_id ?? '',
    state: s?.state ?? '',
    level: s?.level ?? 'elementary',
    status: s?.status ?? 'open',
    grade_low: s?.grade_low ?? null,
    grade_high: s?.grade_high ?? null,
    street: s?.street ?? '',
    city: s?.city ?? '',
    zip: s?.zip ?? '',
    phone: s?.phone ?? '',
    website: s?.website ?? '',
    enrollment: s?.enrollment ?? '',
    nces_id: s?.nces_id ?? '',
    is_title_i: s?.is_title_i ?? false,
    is_charter: s?.is_charter ?? false,
    is_magnet: s?.is_magnet ?? false,
  };
}

// The form always names the state, so its body fits a merge patch too.
type SchoolBody = SchoolCreate & { state: string };

function toBody(v: Values): SchoolBody {
  const text = (s: string) => (s.trim() ? s.trim() : null);
  return {
    name: v.name.trim(),
    district_id: v.district_id,
    state: v.state.trim().toUpperCase(),
    level: v.level,
    status: v.status,
    grade_low: v.grade_low,
    grade_high: v.grade_high,
    street: text(v.street),
    city: text(v.city),
    zip: text(v.zip),
    phone: text(v.phone),
    website: text(v.website),
    enrollment: v.enrollment === '' ? null : Number(v.enrollment),
    nces_id: text(v.nces_id),
    is_title_i: v.is_title_i,
    is_charter: v.is_charter,
    is_magnet: v.is_magnet,
  };
}

const validate = {
  name: (v: string) => (v.trim() ? (v.length > 200 ? 'At most 200 characters' : null) : 'Enter the school’s name'),
  district_id: (v: string) => (v ? null : 'Choose the district'),
  state: (v: string) => (/^[A-Za-z]{2}$/.test(v.trim()) ? null : 'Two-letter state code, e.g. CA'),
  zip: (v: string) => (!v.trim() || /^\d{5}(-\d{4})?$/.test(v.trim()) ? null : 'ZIP like 92501 or 92501-1234'),
  website: (v: string) => (!v.trim() || /^https?:\/\/\S+$/.test(v.trim()) ? null : 'A web address starting with https://'),
  nces_id: (v: string) => (!v.trim() || /^\d{12}$/.test(v.trim()) ? null : 'NCES school ids are 12 digits'),
  enrollment: (v: number | string) =>
    v === '' || (Number.isInteger(Number(v)) && Number(v) >= 0) ? null : 'A whole number of students',
};

/**
 * Create or edit a school. Edits send only the changed fields with `If-Match` of the version
 * the form was opened on; a 412 shows what someone else changed meanwhile.
 */
export function SchoolForm({
  school,
  onSave,
  onCancel,
}: {
  school?: SchoolRead;
  onSave: (body: Partial<SchoolBody>, version: number | undefined) => Promise<SchoolRead>;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState<SchoolRead | undefined>(school);
  const [conflict, setConflict] = useState<{ changes: Change[]; current: SchoolRead } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const districts = useQuery(listDistrictsOptions({ query: { limit: 500, sort: 'name' } }));
  const form = useForm<Values>({ initialValues: toValues(school), validate });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const body = toBody(values);
    const patch = base ? mergePatch(toBody(toValues(base)), body) : body;
    if (base && Object.keys(patch).length === 0) return onCancel();
    try {
      await onSave(patch, base?.version);
      setConflict(null);
    } catch (error) {
      const e = toApiError(error);
      if (e.status === 412 && base) {
        const current = await queryClient.fetchQuery({
          ...getSchoolOptions({ path: { school_id: base.id } }),
          staleTime: 0,
        });
        setConflict({ changes: changedFields(base, current), current });
        return;
      }
      setFailure(applyProblem(e, form.setFieldError, FIELDS));
    }
  });

  const districtData = (districts.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name} (${d.state})` }));

  return (
    <form onSubmit={submit} noValidate aria-label={school ? 'Edit school' : 'New school'}>
      <Stack>
        {conflict && (
          <ConflictAlert
            changes={conflict.changes}
            mine={mergePatch(toBody(toValues(base)), toBody(form.getValues())) as Record<string, unknown>}
            onKeepMine={() => {
              form.setValues(rebase(toValues(base), form.getValues(), toValues(conflict.current)));
              setBase(conflict.current);
              setConflict(null);
            }}
            onTakeTheirs={() => {
              setBase(conflict.current);
              form.setValues(toValues(conflict.current));
              form.resetDirty();
              setConflict(null);
            }}
          />
        )}
        <FormFailure message={failure} />
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="District"
            required
            searchable
            data={districtData}
            {...form.getInputProps('district_id')}
            onChange={(id) => {
              form.setFieldValue('district_id', id ?? '');
              const d = districts.data?.items.find((x) => x.id === id);
              if (d && !form.getValues().state) form.setFieldValue('state', d.state);
            }}
          />
          <Select label="State" required searchable data={[...US_STATES]} {...form.getInputProps('state')} />
          <Select label="Level" required data={options(LEVELS)} {...form.getInputProps('level')} />
          <Select label="Status" required data={options(STATUSES)} {...form.getInputProps('status')} />
          <Select label="Lowest grade" clearable data={GRADES} {...form.getInputProps('grade_low')} />
          <Select label="Highest grade" clearable data={GRADES} {...form.getInputProps('grade_high')} />
          <TextInput label="Street" {...form.getInputProps('street')} />
          <TextInput label="City" {...form.getInputProps('city')} />
          <TextInput label="ZIP" {...form.getInputProps('zip')} />
          <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Website" type="url" {...form.getInputProps('website')} />
          <NumberInput label="Enrollment" min={0} allowDecimal={false} {...form.getInputProps('enrollment')} />
          <TextInput label="NCES school id" {...form.getInputProps('nces_id')} />
        </SimpleGrid>
        <Group>
          <Checkbox label="Title I" {...form.getInputProps('is_title_i', { type: 'checkbox' })} />
          <Checkbox label="Charter" {...form.getInputProps('is_charter', { type: 'checkbox' })} />
          <Checkbox label="Magnet" {...form.getInputProps('is_magnet', { type: 'checkbox' })} />
        </Group>
        <Group>
          <Button type="submit" loading={form.submitting}>
            {school ? 'Save changes' : 'Create school'}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
