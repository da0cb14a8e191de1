import {
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createInteractionMutation,
  getAgreementQueryKey,
  listActionItemsQueryKey,
  listAgreementsQueryKey,
  listInteractionsQueryKey,
} from '../../api/gen/@tanstack/react-query.gen';
import type { AgreementRead, Channel as Channel, InteractionCreate, InteractionKind } from '../../api/gen/types.gen';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { RepeatedFields } from '../../components/repeated-fields';
import { applyProblem } from '../../lib/form-errors';
import { options, today } from '../../lib/format';
import { OwnerSelect } from './owner-select';
import { useAgreementPeople } from './use-people';

const KINDS: InteractionKind[] = ['meeting', 'call', 'email', 'site_visit', 'event', 'other'];
const CHANNELS: Channel[] = ['email', 'phone', 'text', 'video', 'in_person', 'social'];
const FIELDS = ['occurred_on', 'kind', 'channel', 'duration_minutes', 'summary', 'decisions', 'attendee_ids', 'action_items'];

type Item = { text: string; owner_id: string | null; due_date: string };
type Values = {
  occurred_on: string;
  kind: InteractionKind;
  channel: Channel | null;
  duration_minutes: number | string;
  summary: string;
  decisions: string;
  attendee_ids: string[];
  action_items: Item[];
};

/** Log a meeting, call or visit with its decisions and action items, in one request. */
export function InteractionForm({
  agreement,
  myPersonId,
  onDone,
}: {
  agreement: AgreementRead;
  myPersonId: string | null;
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  const people = useAgreementPeople(agreement, [myPersonId]);
  const [failure, setFailure] = useState<string | null>(null);
  const create = useMutation(createInteractionMutation());
  const form = useForm<Values>({
    initialValues: {
      occurred_on: today(),
      kind: 'meeting',
      channel: null,
      duration_minutes: '',
      summary: '',
      decisions: '',
      attendee_ids: [],
      action_items: [],
    },
    validate: {
      occurred_on: (v) => (!v ? 'When did it happen?' : v > today() ? 'Not in the future' : null),
      duration_minutes: (v) => (v === '' || (Number(v) > 0 && Number(v) <= 1440) ? null : 'Minutes, 1 to 1440'),
      action_items: {
        text: (v) => (v.trim() ? null : 'Say what needs doing'),
        due_date: (v) => (!v || /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'A date'),
      },
    },
  });

  const submit = form.onSubmit(async (v) => {
    setFailure(null);
    const body: InteractionCreate = {
      occurred_on: v.occurred_on,
      kind: v.kind,
      channel: v.channel,
      duration_minutes: v.duration_minutes === '' ? null : Number(v.duration_minutes),
      summary: v.summary.trim() || null,
      decisions: v.decisions.split('\n').map((d) => d.trim()).filter(Boolean),
      attendee_ids: v.attendee_ids,
      action_items: v.action_items.map((i) => ({ text: i.text.trim(), owner_id: i.owner_id, due_date: i.due_date || null })),
    };
    try {
      await create.mutateAsync({ path: { agreement_id: agreement.id }, body });
      void queryClient.invalidateQueries({ queryKey: listInteractionsQueryKey({ path: { agreement_id: agreement.id } }) });
      void queryClient.invalidateQueries({ queryKey: listActionItemsQueryKey() });
      void queryClient.invalidateQueries({ queryKey: listAgreementsQueryKey() });
      void queryClient.invalidateQueries({ queryKey: getAgreementQueryKey({ path: { agreement_id: agreement.id } }) });
      notifications.show({ color: 'green', message: 'Interaction logged.' });
      form.reset();
      onDone?.();
    } catch (error) {
      setFailure(applyProblem(error, form.setFieldError, FIELDS));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Log an interaction">
      <Stack>
        <FormFailure message={failure} />
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <TextInput label="Date" type="date" required max={today()} {...form.getInputProps('occurred_on')} />
          <Select label="Kind" required data={options(KINDS)} {...form.getInputProps('kind')} />
          <Select label="Channel" clearable data={options(CHANNELS)} {...form.getInputProps('channel')} />
          <NumberInput label="Minutes" min={1} max={1440} allowDecimal={false} {...form.getInputProps('duration_minutes')} />
        </SimpleGrid>
        <MultiSelect label="Attendees" searchable data={people} {...form.getInputProps('attendee_ids')} />
        <Textarea label="Summary" autosize minRows={2} {...form.getInputProps('summary')} />
        <Textarea
          label="Decisions"
          description="One per line"
          autosize
          minRows={2}
          {...form.getInputProps('decisions')}
        />
        <RepeatedFields
          legend="Action items"
          noun="action item"
          keys={form.getValues().action_items.map((_, i) => form.key(`action_items.${i}`))}
          onAdd={() => form.insertListItem('action_items', { text: '', owner_id: myPersonId, due_date: '' })}
          onRemove={(i) => form.removeListItem('action_items', i)}
        >
          {(i) => (
            <>
              <TextInput label={`Action item ${i + 1}`} required style={{ flex: '2 1 220px' }} {...form.getInputProps(`action_items.${i}.text`)} />
              <OwnerSelect
                nearby={people}
                style={{ flex: '1 1 160px' }}
                value={form.getValues().action_items[i].owner_id}
                onChange={(id) => form.setFieldValue(`action_items.${i}.owner_id`, id)}
                error={form.errors[`action_items.${i}.owner_id`]}
              />
              <TextInput label="Due" type="date" style={{ flex: '0 1 150px' }} {...form.getInputProps(`action_items.${i}.due_date`)} />
            </>
          )}
        </RepeatedFields>
        <FormActions submit="Log interaction" loading={create.isPending} />
      </Stack>
    </form>
  );
}
