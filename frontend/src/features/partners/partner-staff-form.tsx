import { Checkbox, SegmentedControl, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createPersonMutation,
  createRoleAssignmentMutation,
  listPartnerPeopleQueryKey,
  listPeopleQueryKey,
  listRoleAssignmentsQueryKey,
} from '../../api/gen/@tanstack/react-query.gen';
import type { StaffRole } from '../../api/gen/types.gen';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { toApiError } from '../../lib/api';
import { applyProblem } from '../../lib/form-errors';
import { emailAddress } from '../../lib/form-fields';
import { fullName, options, today } from '../../lib/format';
import { PersonSearch } from '../directory/person-search';
import { PARTNER_ROLES } from './vocabulary';

type Values = {
  who: 'new' | 'existing';
  person_id: string | null;
  given_name: string;
  family_name: string;
  email: string;
  phone: string;
  role: StaffRole | null;
  title: string;
  start_date: string;
  is_primary: boolean;
};
const FIELDS = ['person_id', 'given_name', 'family_name', 'email', 'phone', 'role', 'title', 'start_date', 'is_primary'];

/** Adds someone, new to Trellis or already in it, to a partner organisation's staff. */
export function PartnerStaffForm({ partnerId, onDone }: { partnerId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const createPerson = useMutation(createPersonMutation());
  const createRole = useMutation(createRoleAssignmentMutation());
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      who: 'new',
      person_id: null,
      given_name: '',
      family_name: '',
      email: '',
      phone: '',
      role: 'director',
      title: '',
      start_date: today(),
      is_primary: false,
    },
    validate: {
      person_id: (v, all) => (all.who === 'existing' && !v ? 'Choose the person' : null),
      given_name: (v, all) => (all.who === 'new' && !v.trim() ? 'Enter the given name' : null),
      family_name: (v, all) => (all.who === 'new' && !v.trim() ? 'Enter the family name' : null),
      email: emailAddress('name@example.org'),
      role: (v) => (v ? null : 'Choose the role'),
    },
  });
  const v = form.getValues();

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      let personId = values.person_id;
      let name = '';
      if (values.who === 'new') {
        const person = await createPerson.mutateAsync({
          body: {
            given_name: values.given_name.trim(),
            family_name: values.family_name.trim(),
            email: values.email.trim() || null,
            phone: values.phone.trim() || null,
          },
        });
        personId = person.id;
        name = fullName(person);
        // The person exists now: a failure below must not create them twice.
        form.setValues({ who: 'existing', person_id: person.id });
      }
      await createRole.mutateAsync({
        body: {
          person_id: personId!,
          partner_id: partnerId,
          role: values.role!,
          title: values.title.trim() || null,
          start_date: values.start_date || null,
          is_primary: values.is_primary,
        },
      });
      void queryClient.invalidateQueries({ queryKey: listPartnerPeopleQueryKey({ path: { partner_id: partnerId } }) });
      void queryClient.invalidateQueries({ queryKey: listPeopleQueryKey() });
      void queryClient.invalidateQueries({ queryKey: listRoleAssignmentsQueryKey() });
      notifications.show({ color: 'green', message: name ? `${name} added to the staff.` : 'Added to the staff.' });
      onDone();
    } catch (error) {
      setFailure(applyProblem(toApiError(error), form.setFieldError, FIELDS));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Add staff">
      <Stack>
        <FormFailure message={failure} />
        <SegmentedControl
          aria-label="Who"
          data={[
            { value: 'new', label: 'Someone new' },
            { value: 'existing', label: 'Someone already in Trellis' },
          ]}
          {...form.getInputProps('who')}
        />
        {v.who === 'new' ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Given name" required {...form.getInputProps('given_name')} />
            <TextInput label="Family name" required {...form.getInputProps('family_name')} />
            <TextInput label="Email" type="email" {...form.getInputProps('email')} />
            <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
          </SimpleGrid>
        ) : (
          <PersonSearch value={v.person_id} onChange={(id) => form.setFieldValue('person_id', id)} error={form.errors.person_id} />
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label="Role" required data={options(PARTNER_ROLES)} {...form.getInputProps('role')} />
          <TextInput label="Job title" placeholder="e.g. Program Manager" {...form.getInputProps('title')} />
          <TextInput label="Since" type="date" {...form.getInputProps('start_date')} />
        </SimpleGrid>
        <Checkbox label="Primary contact for this partner" {...form.getInputProps('is_primary', { type: 'checkbox' })} />
        <FormActions submit="Add to staff" loading={form.submitting} onCancel={onDone} />
      </Stack>
    </form>
  );
}
