import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { createParticipantMutation, listParticipantsQueryKey, updateParticipantMutation } from '../../api/gen/@tanstack/react-query.gen';
import type { ParticipantRead, ParticipantRole, ProgramRead, SchoolLevel, StaffRole } from '../../api/gen/types.gen';
import { FormFailure } from '../../components/form-failure';
import { ifMatch } from '../../lib/api';
import { mergePatch } from '../../lib/diff';
import { applyProblem } from '../../lib/form-errors';
import { options, today } from '../../lib/format';
import { PersonSearch } from '../directory/person-search';
import { mentorWord } from './vocabulary';
import { Dialog } from '../../components/dialog';

const STAFF_ROLES: StaffRole[] = ['teacher', 'principal', 'assistant_principal', 'coach', 'counselor', 'interventionist', 'specialist', 'therapist', 'other'];
const LEVELS: SchoolLevel[] = ['prekindergarten', 'elementary', 'middle', 'high', 'other'];
const FIELDS = ['person_id', 'role', 'enrolled_on', 'staff_role', 'school_level', 'years_experience', 'capacity'];

type Values = {
  person_id: string | null;
  role: ParticipantRole;
  enrolled_on: string;
  staff_role: StaffRole | null;
  school_level: SchoolLevel | null;
  years_experience: number | string;
  capacity: number | string;
};

const number = (v: number | string) => (v === '' ? null : Number(v));

function details(v: Values) {
  return {
    enrolled_on: v.enrolled_on,
    staff_role: v.staff_role,
    school_level: v.school_level,
    years_experience: number(v.years_experience),
    capacity: v.role === 'mentor' ? number(v.capacity) : null,
  };
}

function ParticipantForm({ program, role, participant, onDone }: { program: ProgramRead; role: ParticipantRole; participant?: ParticipantRead; onDone: () => void }) {
  const queryClient = useQueryClient();
  const create = useMutation(createParticipantMutation());
  const update = useMutation(updateParticipantMutation());
  const [failure, setFailure] = useState<string | null>(null);
  const words = mentorWord(program.kind);
  const initial: Values = {
    person_id: participant?.person_id ?? null,
    role: participant?.role ?? role,
    enrolled_on: participant?.enrolled_on ?? today(),
    staff_role: participant?.staff_role ?? null,
    school_level: participant?.school_level ?? null,
    years_experience: participant?.years_experience ?? '',
    capacity: participant?.capacity ?? '',
  };
  const form = useForm<Values>({
    initialValues: initial,
    validate: {
      person_id: (v) => (v || participant ? null : 'Choose who to enrol'),
      enrolled_on: (v) => (v ? null : 'When did they join?'),
      years_experience: (v) => (v === '' || (Number(v) >= 0 && Number(v) <= 60) ? null : 'Between 0 and 60 years'),
      capacity: (v) => (v === '' || (Number(v) >= 1 && Number(v) <= 100) ? null : 'Between 1 and 100'),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setFailure(null);
    try {
      if (participant) {
        const body = mergePatch(details(initial), details(v));
        await update.mutateAsync({ path: { participant_id: participant.id }, body, headers: ifMatch(participant.version) });
      } else {
        await create.mutateAsync({ body: { program_id: program.id, person_id: v.person_id!, role: v.role, ...details(v) } });
      }
      void queryClient.invalidateQueries({ queryKey: listParticipantsQueryKey() });
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: participant ? 'Participant saved.' : 'Enrolled.' });
      onDone();
    } catch (error) {
      setFailure(applyProblem(error, form.setFieldError, FIELDS));
    }
  });
  const roles = [
    { value: 'mentor', label: words.mentor },
    { value: 'mentee', label: words.mentee },
  ];
  return (
    <form onSubmit={submit} noValidate aria-label={participant ? 'Edit participant' : 'Enrol a participant'}>
      <Stack>
        <FormFailure message={failure} />
        {!participant && (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <PersonSearch value={form.values.person_id} onChange={(id) => form.setFieldValue('person_id', id)} error={form.errors.person_id} />
            <Select label="Enrol as" data={roles} allowDeselect={false} {...form.getInputProps('role')} />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="Enrolled on" type="date" required {...form.getInputProps('enrolled_on')} />
          <Select label="Role at school" data={options(STAFF_ROLES)} clearable {...form.getInputProps('staff_role')} />
          <Select label="School level" data={options(LEVELS)} clearable {...form.getInputProps('school_level')} />
          <NumberInput label="Years of experience" min={0} max={60} allowDecimal={false} {...form.getInputProps('years_experience')} />
          {form.values.role === 'mentor' && (
            <NumberInput
              label="Capacity"
              description={`Most open pairs; the programme's target (${program.target_caseload}) when empty`}
              min={1}
              max={100}
              allowDecimal={false}
              {...form.getInputProps('capacity')}
            />
          )}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            {participant ? 'Save' : 'Enrol'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Enrol someone as a mentor or mentee, or edit one participant's details. */
export function ParticipantFormButton({ program, role, participant, name }: { program: ProgramRead; role: ParticipantRole; participant?: ParticipantRead; name?: string }) {
  const [opened, setOpened] = useState(false);
  const words = mentorWord(program.kind);
  const noun = role === 'mentor' ? words.mentor : words.mentee;
  return (
    <>
      {participant ? (
        <Button size="compact-sm" variant="default" onClick={() => setOpened(true)} aria-label={`Edit ${name ?? 'participant'}`}>
          Edit
        </Button>
      ) : (
        <Button size="sm" onClick={() => setOpened(true)}>
          Enrol a {noun.toLowerCase()}
        </Button>
      )}
      <Dialog opened={opened} onClose={() => setOpened(false)} title={participant ? `Edit ${name ?? 'participant'}` : `Enrol a ${noun.toLowerCase()}`} size="lg">
        <ParticipantForm program={program} role={role} participant={participant} onDone={() => setOpened(false)} />
      </Dialog>
    </>
  );
}
