import { Button, Group, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { getPartnerOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { PartnerCreate, PartnerKind, PartnerRead, PartnerStatus, ServiceCategory } from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormFailure } from '../../components/form-failure';
import { toApiError } from '../../lib/api';
import { type Change, changedFields, mergePatch, rebase } from '../../lib/diff';
import { applyProblem } from '../../lib/form-errors';
import { options } from '../../lib/format';
import { US_STATES } from '../../lib/states';
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
  const text = (s: string) => (s.trim() ? s.trim() : null);
  return {
    name: v.name.trim(),
    kind: v.kind as PartnerKind,
    status: v.status,
    focus_areas: v.focus_areas,
    description: text(v.description),
    email: text(v.email),
    phone: text(v.phone),
    website: text(v.website),
    street: text(v.street),
    city: text(v.city),
    state: v.state || null,
    zip: text(v.zip),
    ein: text(v.ein),
    external_id: text(v.external_id),
  };
}

const validate = {
  name: (v: string) => (v.trim() ? (v.length > 200 ? 'At most 200 characters' : null) : 'Enter the organisation’s name'),
  kind: (v: PartnerKind | null) => (v ? null : 'Choose what kind of organisation it is'),
  email: (v: string) => (!v.trim() || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'An email address like name@example.org'),
  zip: (v: string) => (!v.trim() || /^\d{5}(-\d{4})?$/.test(v.trim()) ? null : 'ZIP like 92501 or 92501-1234'),
  website: (v: string) => (!v.trim() || /^https?:\/\/\S+$/.test(v.trim()) ? null : 'A web address starting with https://'),
  ein: (v: string) => (!v.trim() || /^\d{2}-\d{7}$/.test(v.trim()) ? null : 'EIN like 94-1234567'),
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
  const queryClient = useQueryClient();
  const [base, setBase] = useState<PartnerRead | undefined>(partner);
  const [conflict, setConflict] = useState<{ changes: Change[]; current: PartnerRead } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: toValues(partner), validate });

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
        const current = await queryClient.fetchQuery({ ...getPartnerOptions({ path: { partner_id: base.id } }), staleTime: 0 });
        setConflict({ changes: changedFields(base, current), current });
        return;
      }
      setFailure(applyProblem(e, form.setFieldError, FIELDS));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={partner ? 'Edit partner' : 'New partner'}>
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
        <Group>
          <Button type="submit" loading={form.submitting}>
            {partner ? 'Save changes' : 'Create partner'}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
