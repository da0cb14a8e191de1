import { MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { getPartnerOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { PartnerCreate, PartnerKind, PartnerRead, PartnerStatus, ServiceCategory } from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { emailAddress, optionalMatch, optionalText, webAddress, zipCode } from '../../lib/form-fields';
import { options } from '../../lib/format';
import { US_STATES } from '../../lib/states';
import { useMergePatchSave } from '../../lib/use-merge-patch-save';
import { PARTNER_KINDS, PARTNER_STATUSES, SERVICE_CATEGORIES } from './vocabulary';

type Values = {
  name: string;
  kind: PartnerKind | null;
  status: PartnerStatus;
  focus_areas: ServiceCategory[];
  description: string;
  email: string;
  phone: string;
  website: string;
  street: string;
  city: string;
  state: string | null;
  zip: string;
  ein: string;
  external_id: string;
};
const FIELDS = [
  'name', 'kind', 'status', 'focus_areas', 'description', 'email', 'phone', 'website', 'street',
  'city', 'state', 'zip', 'ein', 'external_id',
] as const;

function toValues(p?: PartnerRead): Values {
  return {
    name: p?.name ?? '',
    kind: p?.kind ?? null,
    status: p?.status ?? 'active',
    focus_areas: p?.focus_areas ?? [],
    description: p?.description ?? '',
    email: p?.email ?? '',
    phone: p?.phone ?? '',
    website: p?.website ?? '',
    street: p?.street ?? '',
    city: p?.city ?? '',
    state: p?.state ?? null,
    zip: p?.zip ?? '',
    ein: p?.ein ?? '',
    external_id: p?.external_id ?? '',
  };
}

function toBody(v: Values): PartnerCreate {
  return {
    name: v.name.trim(),
    kind: v.kind as PartnerKind,
    status: v.status,
    focus_areas: v.focus_areas,
    description: optionalText(v.description),
    email: optionalText(v.email),
    phone: optionalText(v.phone),
    website: optionalText(v.website),
    street: optionalText(v.street),
    city: optionalText(v.city),
    state: v.state || null,
    zip: optionalText(v.zip),
    ein: optionalText(v.ein),
    external_id: optionalText(v.external_id),
  };
}

const validate = {
  name: (v: string) => (v.trim() ? (v.length > 200 ? 'At most 200 characters' : null) : 'Enter the organisation’s name'),
  kind: (v: PartnerKind | null) => (v ? null : 'Choose what kind of organisation it is'),
  email: emailAddress('name@example.org'),
  zip: zipCode,
  website: webAddress,
  ein: optionalMatch(/^\d{2}-\d{7}$/, 'EIN like 94-1234567'),
};

/**
 * Create or edit a partner organisation. Edits send only the changed fields with `If-Match`; a
 * 412 shows what someone else changed meanwhile.
 */
export function PartnerForm({
  partner,
  onSave,
  onCancel,
}: {
  partner?: PartnerRead;
  onSave: (body: Partial<PartnerCreate>, version: number | undefined) => Promise<PartnerRead>;
  onCancel: () => void;
}) {
  const form = useForm<Values>({ initialValues: toValues(partner), validate });
  const latest = (id: string) => getPartnerOptions({ path: { partner_id: id } });
  const { submit, failure, conflict } = useMergePatchSave({ form, record: partner, toValues, toBody, fields: FIELDS, latest, onSave, onCancel });

  return (
    <form onSubmit={submit} noValidate aria-label={partner ? 'Edit partner' : 'New partner'}>
      <Stack>
        {conflict && <ConflictAlert {...conflict} />}
        <FormFailure message={failure} />
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Kind" required data={options(PARTNER_KINDS)} {...form.getInputProps('kind')} />
          <Select label="Status" required data={options(PARTNER_STATUSES)} {...form.getInputProps('status')} />
        </SimpleGrid>
        <MultiSelect label="Focus areas" description="What the organisation offers" data={options(SERVICE_CATEGORIES)} {...form.getInputProps('focus_areas')} />
        <Textarea label="Description" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Email" type="email" {...form.getInputProps('email')} />
          <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Website" type="url" {...form.getInputProps('website')} />
          <TextInput label="Street" {...form.getInputProps('street')} />
          <TextInput label="City" {...form.getInputProps('city')} />
          <Select label="State" clearable searchable data={[...US_STATES]} {...form.getInputProps('state')} />
          <TextInput label="ZIP" {...form.getInputProps('zip')} />
          <TextInput label="EIN" description="Employer identification number, e.g. 94-1234567" {...form.getInputProps('ein')} />
          <TextInput label="District system id" {...form.getInputProps('external_id')} />
        </SimpleGrid>
        <FormActions submit={partner ? 'Save changes' : 'Create partner'} loading={form.submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
