import { Checkbox, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { getPersonOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { Channel as Channel, PersonCreate, PersonRead } from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { emailAddress, optionalMatch, optionalText } from '../../lib/form-fields';
import { options } from '../../lib/format';
import { useMergePatchSave } from '../../lib/use-merge-patch-save';

const CHANNELS: Channel[] = ['email', 'phone', 'text', 'video', 'in_person', 'social'];
const FIELDS = ['given_name', 'family_name', 'email', 'phone', 'preferred_channel', 'sis_id', 'notes', 'is_active'] as const;

type Values = {
  given_name: string;
  family_name: string;
  email: string;
  phone: string;
  preferred_channel: Channel | null;
  sis_id: string;
  notes: string;
  is_active: boolean;
};

const toValues = (p?: PersonRead): Values => ({
  given_name: p?.given_name ?? '',
  family_name: p?.family_name ?? '',
  email: p?.email ?? '',
  phone: p?.phone ?? '',
  preferred_channel: p?.preferred_channel ?? null,
  sis_id: p?.sis_id ?? '',
  notes: p?.notes ?? '',
  is_active: p?.is_active ?? true,
});

const toBody = (v: Values): PersonCreate => {
  return {
    given_name: v.given_name.trim(),
    family_name: v.family_name.trim(),
    email: optionalText(v.email),
    phone: optionalText(v.phone),
    preferred_channel: v.preferred_channel,
    sis_id: optionalText(v.sis_id),
    notes: optionalText(v.notes),
    is_active: v.is_active,
  };
};

export function PersonForm({
  person,
  onSave,
  onCancel,
}: {
  person: PersonRead;
  onSave: (patch: Partial<PersonCreate>, version: number | undefined) => Promise<unknown>;
  onCancel: () => void;
}) {
  const form = useForm<Values>({
    initialValues: toValues(person),
    validate: {
      given_name: (v) => (v.trim() ? null : 'Enter a given name'),
      family_name: (v) => (v.trim() ? null : 'Enter a family name'),
      email: emailAddress('name@school.org'),
      phone: optionalMatch(/^[+()\d\s.-]{7,}$/, 'A phone number, digits and + ( ) - only'),
    },
  });

  const latest = (id: string) => getPersonOptions({ path: { person_id: id } });
  const { submit, failure, conflict } = useMergePatchSave({ form, record: person, toValues, toBody, fields: FIELDS, latest, onSave, onCancel });

  return (
    <form onSubmit={submit} noValidate aria-label="Edit person">
      <Stack>
        {conflict && <ConflictAlert {...conflict} />}
        <FormFailure message={failure} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Given name" required {...form.getInputProps('given_name')} />
          <TextInput label="Family name" required {...form.getInputProps('family_name')} />
          <TextInput label="Email" type="email" {...form.getInputProps('email')} />
          <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
          <Select label="Preferred channel" clearable data={options(CHANNELS)} {...form.getInputProps('preferred_channel')} />
          <TextInput label="District system id" {...form.getInputProps('sis_id')} />
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
        <Checkbox label="Active" {...form.getInputProps('is_active', { type: 'checkbox' })} />
        <FormActions submit="Save changes" loading={form.submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
