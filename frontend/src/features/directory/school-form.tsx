import { Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';

import { getSchoolOptions, listDistrictsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { Grade, SchoolCreate, SchoolLevel, SchoolRead, SchoolStatus } from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { optionalMatch, optionalText, webAddress, zipCode } from '../../lib/form-fields';
import { options } from '../../lib/format';
import { US_STATES } from '../../lib/states';
import { useMergePatchSave } from '../../lib/use-merge-patch-save';

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
  return {
    name: v.name.trim(),
    district_id: v.district_id,
    state: v.state.trim().toUpperCase(),
    level: v.level,
    status: v.status,
    grade_low: v.grade_low,
    grade_high: v.grade_high,
    street: optionalText(v.street),
    city: optionalText(v.city),
    zip: optionalText(v.zip),
    phone: optionalText(v.phone),
    website: optionalText(v.website),
    enrollment: v.enrollment === '' ? null : Number(v.enrollment),
    nces_id: optionalText(v.nces_id),
    is_title_i: v.is_title_i,
    is_charter: v.is_charter,
    is_magnet: v.is_magnet,
  };
}

const validate = {
  name: (v: string) => (v.trim() ? (v.length > 200 ? 'At most 200 characters' : null) : 'Enter the school’s name'),
  district_id: (v: string) => (v ? null : 'Choose the district'),
  state: (v: string) => (/^[A-Za-z]{2}$/.test(v.trim()) ? null : 'Two-letter state code, e.g. CA'),
  zip: zipCode,
  website: webAddress,
  nces_id: optionalMatch(/^\d{12}$/, 'NCES school ids are 12 digits'),
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
  const districts = useQuery(listDistrictsOptions({ query: { limit: 500, sort: 'name' } }));
  const form = useForm<Values>({ initialValues: toValues(school), validate });
  const latest = (id: string) => getSchoolOptions({ path: { school_id: id } });
  const { submit, failure, conflict } = useMergePatchSave({ form, record: school, toValues, toBody, fields: FIELDS, latest, onSave, onCancel });

  const districtData = (districts.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name} (${d.state})` }));

  return (
    <form onSubmit={submit} noValidate aria-label={school ? 'Edit school' : 'New school'}>
      <Stack>
        {conflict && <ConflictAlert {...conflict} />}
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
        <FormActions submit={school ? 'Save changes' : 'Create school'} loading={form.submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
