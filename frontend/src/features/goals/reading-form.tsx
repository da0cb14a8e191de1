import { Alert, Button, Group, NumberInput, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import {
  createMeasurementMutation,
  getGoalQueryKey,
  listGoalsQueryKey,
  listMeasurementsQueryKey,
} from '../../api/gen/@tanstack/react-query.gen';
import type { GoalRead } from '../../api/gen/types.gen';
import { applyProblem } from '../../lib/form-errors';
import { today } from '../../lib/format';

type Values = { measured_on: string; value: number | string; source: string; note: string };

/** Add one reading; the goal's progress and on-track badge are read back from the API. */
export function ReadingForm({ goal }: { goal: GoalRead }) {
  const queryClient = useQueryClient();
  const create = useMutation(createMeasurementMutation());
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { measured_on: today(), value: '', source: '', note: '' },
    validate: {
      measured_on: (v) => (v ? null : 'When was it measured?'),
      value: (v) => (v === '' || Number.isNaN(Number(v)) ? 'Enter the reading' : null),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setFailure(null);
    try {
      await create.mutateAsync({
        path: { goal_id: goal.id },
        body: { measured_on: v.measured_on, value: Number(v.value), source: v.source.trim(), note: v.note.trim() || null },
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: listMeasurementsQueryKey({ path: { goal_id: goal.id } }) }),
        queryClient.invalidateQueries({ queryKey: getGoalQueryKey({ path: { goal_id: goal.id } }) }),
        queryClient.invalidateQueries({ queryKey: listGoalsQueryKey() }),
      ]);
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: 'Reading added.' });
      form.setValues({ value: '', note: '' });
    } catch (error) {
      setFailure(applyProblem(error, form.setFieldError, ['measured_on', 'value', 'source', 'note']));
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-reading">
      <Title order={3} size="h5" mt="md" mb="xs" id="add-reading">
        Add a reading
      </Title>
      {failure && (
        <Alert color="red" role="alert" title="Not saved" mb="sm">
          {failure}
        </Alert>
      )}
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput label="Date" type="date" required style={{ flex: '1 1 150px' }} {...form.getInputProps('measured_on')} />
        <NumberInput label={`Value${goal.unit ? ` (${goal.unit})` : ''}`} required decimalScale={4} style={{ flex: '1 1 120px' }} {...form.getInputProps('value')} />
        <TextInput label="Source" placeholder="State assessment" maxLength={100} style={{ flex: '2 1 180px' }} {...form.getInputProps('source')} />
        <TextInput label="Note" maxLength={2000} style={{ flex: '2 1 180px' }} {...form.getInputProps('note')} />
      </Group>
      <Button type="submit" mt="sm" loading={form.submitting}>
        Add reading
      </Button>
    </form>
  );
}
