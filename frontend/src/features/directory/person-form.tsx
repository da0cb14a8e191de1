import { Button, Checkbox, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { getPersonOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { Channel as Channel, PersonCreate, PersonRead } from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormFailure } from '../../components/form-failure';
import { toApiError } from '../../lib/api';
import { type Change, changedFields, mergePatch, rebase } from '../../lib/diff';
import { applyProblem } from '../../lib/form-errors';
import { options } from '../../lib/format';

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
  const text = (s: string) => (s.trim() ? s.trim() : null);
  return {
    given_name: v.given_name.trim(),
    family_name: v.family_name.trim(),
    email: text(v.email),
    phone: text(v.phone),
    preferred_channel: v.preferred_channel,
    sis_id: text(v.sis_id),
    notes: text(v.notes),
    is_active: v.is_active,
  };
};

export function PersonForm({
  person,
  onSave,
  onCancel,
}: {
  person: PersonRead;
  onSave: (patch: Partial<PersonCreate>, version: number) => Promise<unknown>;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(person);
  const [conflict, setConflict] = useState<{ changes: Change[]; current: PersonRead } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: toValues(person),
    validate: {
      given_name: (v) => (v.trim() ? null : 'Enter a given name'),
      family_name: (v) => (v.trim() ? null : 'Enter a family name'),
      email: (v) => (!v.trim() || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'An email address like name@school.org'),
      phone: (v) => (!v.trim() || /^[+()\d\s.-]{7,}$/.test(v.trim()) ? null : 'A phone number, digits and + ( ) - only'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const patch = mergePatch(toBody(toValues(base)), toBody(values));
    if (Object.keys(patch).length === 0) return onCancel();
    try {
      await onSave(patch, base.version);
    } catch (error) {
      const e = toApiError(error);
      if (e.status === 412) {
        const current = await queryClient.fetchQuery({
          ...getPersonOptions({ path: { person_id: base.id } }),
          staleTime: 0,
        });
        setConflict({ changes: changedFields(base, current), current });
        return;
      }
      setFailure(applyProblem(e, form.setFieldError, FIELDS));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Edit person">
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
              setConflict(null);
            }}
          />
        )}
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
        <Group>
          <Button type="submit" loading={form.submitting}>
            Save changes
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
