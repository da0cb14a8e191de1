import { NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createCheckInMutation,
  getMatchQueryKey,
  listCheckInsQueryKey,
  listMatchesQueryKey,
} from '../../api/gen/@tanstack/react-query.gen';
import type { MeetingChannel, MatchRead } from '../../api/gen/types.gen';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { applyProblem } from '../../lib/form-errors';
import { optionalText } from '../../lib/form-fields';
import { options, today } from '../../lib/format';
import { CHECK_IN_CHANNELS } from './vocabulary';

type Values = {
  held_on: string;
  channel: MeetingChannel;
  minutes: number | string;
  focus: string;
  notes: string;
  next_steps: string;
};
const FIELDS = ['held_on', 'channel', 'minutes', 'focus', 'notes', 'next_steps'];

/** Log a check-in or coaching session; the pair's health is read back from the API. */
export function CheckInForm({ match, onDone }: { match: MatchRead; onDone?: () => void }) {
  const queryClient = useQueryClient();
  const create = useMutation(createCheckInMutation());
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { held_on: today(), channel: 'in_person', minutes: 30, focus: '', notes: '', next_steps: '' },
    validate: {
      held_on: (v) => (!v ? 'When was it held?' : v > today() ? 'A check-in cannot be in the future' : null),
      minutes: (v) => (v === '' || (Number(v) >= 0 && Number(v) <= 1440) ? null : 'Between 0 and 1440 minutes'),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setFailure(null);
    try {
      await create.mutateAsync({
        path: { match_id: match.id },
        body: {
          held_on: v.held_on,
          channel: v.channel,
          minutes: v.minutes === '' ? null : Number(v.minutes),
          focus: optionalText(v.focus),
          notes: optionalText(v.notes),
          next_steps: optionalText(v.next_steps),
        },
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: getMatchQueryKey({ path: { match_id: match.id } }) }),
        queryClient.invalidateQueries({ queryKey: listCheckInsQueryKey({ path: { match_id: match.id } }) }),
        queryClient.invalidateQueries({ queryKey: listMatchesQueryKey() }),
      ]);
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: 'Check-in logged.' });
      form.reset();
      onDone?.();
    } catch (error) {
      setFailure(applyProblem(error, form.setFieldError, FIELDS));
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Log a check-in">
      <Stack>
        <FormFailure message={failure} />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label="Held on" type="date" required max={today()} {...form.getInputProps('held_on')} />
          <Select label="How" data={options(CHECK_IN_CHANNELS)} allowDeselect={false} {...form.getInputProps('channel')} />
          <NumberInput label="Minutes" min={0} max={1440} allowDecimal={false} {...form.getInputProps('minutes')} />
        </SimpleGrid>
        <TextInput label="Focus" maxLength={200} placeholder="Classroom routines" {...form.getInputProps('focus')} />
        <Textarea label="Notes" autosize minRows={2} maxLength={20000} {...form.getInputProps('notes')} />
        <Textarea label="Next steps" autosize minRows={1} maxLength={20000} {...form.getInputProps('next_steps')} />
        <FormActions submit="Log check-in" loading={form.submitting} />
      </Stack>
    </form>
  );
}
