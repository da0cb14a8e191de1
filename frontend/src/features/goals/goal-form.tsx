import {
  Button,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { getGoalOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { Direction, GoalArea, GoalCreate, GoalRead, GoalStatus, ServiceCategory } from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormFailure } from '../../components/form-failure';
import { toApiError } from '../../lib/api';
import { type Change, changedFields, mergePatch, rebase } from '../../lib/diff';
import { applyProblem } from '../../lib/form-errors';
import { options } from '../../lib/format';
import { SchoolSelect } from './school-select';
import { DIRECTIONS, GOAL_AREAS, GOAL_STATUSES, SERVICE_CATEGORIES, areaLabel, schoolYearChoices } from './vocabulary';

type Values = {
  school_id: string | null;
  school_year: string;
  title: string;
  description: string;
  area: GoalArea | null;
  priority: number | string;
  status: GoalStatus;
  metric: string;
  unit: string;
  direction: Direction;
  baseline_value: number | string;
  baseline_date: string;
  target_value: number | string;
  target_date: string;
  partner_ask: string;
  asked_services: ServiceCategory[];
};
const FIELDS = [
  'school_id', 'school_year', 'title', 'description', 'area', 'priority', 'status', 'metric', 'unit',
  'direction', 'baseline_value', 'baseline_date', 'target_value', 'target_date', 'partner_ask', 'asked_services',
];

function toValues(g: Partial<GoalRead>): Values {
  return {
    school_id: g.school_id ?? null,
    school_year: g.school_year ?? '',
    title: g.title ?? '',
    description: g.description ?? '',
    area: g.area ?? null,
    priority: g.priority ?? '',
    status: g.status ?? 'active',
    metric: g.metric ?? '',
    unit: g.unit ?? '',
    direction: g.direction ?? 'increase',
    baseline_value: g.baseline_value ?? '',
    baseline_date: g.baseline_date ?? '',
    target_value: g.target_value ?? '',
    target_date: g.target_date ?? '',
    partner_ask: g.partner_ask ?? '',
    asked_services: g.asked_services ?? [],
  };
}

function toBody(v: Values): GoalCreate {
  const text = (s: string) => (s.trim() ? s.trim() : null);
  const num = (n: number | string) => (n === '' ? null : Number(n));
  return {
    school_id: v.school_id,
    school_year: v.school_year,
    title: v.title.trim(),
    description: text(v.description),
    area: v.area!,
    priority: num(v.priority),
    status: v.status,
    metric: text(v.metric),
    unit: text(v.unit),
    direction: v.direction,
    baseline_value: num(v.baseline_value),
    baseline_date: v.baseline_date || null,
    target_value: num(v.target_value),
    target_date: v.target_date || null,
    partner_ask: text(v.partner_ask),
    asked_services: v.asked_services,
  };
}

const validate = {
  school_id: (v: string | null) => (v ? null : 'Choose the school'),
  school_year: (v: string) => (/^\d{4}-\d{2}$/.test(v) ? null : 'A school year like 2026-27'),
  title: (v: string) => (v.trim() ? null : 'Say what the goal is'),
  area: (v: GoalArea | null) => (v ? null : 'Choose an area'),
  target_date: (v: string, all: Values) =>
    v && all.baseline_date && v < all.baseline_date ? 'The target date comes after the baseline date' : null,
};

/**
 * Create or edit a goal: what it is, how it is measured (baseline to target in a direction),
 * and what the school asks of partners. Edits send a merge patch with If-Match.
 */
export function GoalForm({
  goal,
  initial = {},
  onSave,
  onCancel,
}: {
  goal?: GoalRead;
  initial?: Partial<GoalRead>;
  onSave: (body: Partial<GoalCreate>, version: number | undefined) => Promise<GoalRead>;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState<GoalRead | undefined>(goal);
  const [conflict, setConflict] = useState<{ changes: Change[]; current: GoalRead } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: toValues(goal ?? initial), validate });
  const years = [...new Set([form.getValues().school_year, ...schoolYearChoices()].filter(Boolean))];

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
        const current = await queryClient.fetchQuery({ ...getGoalOptions({ path: { goal_id: base.id } }), staleTime: 0 });
        setConflict({ changes: changedFields(base, current), current });
        return;
      }
      setFailure(applyProblem(e, form.setFieldError, FIELDS));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={goal ? 'Edit goal' : 'New goal'}>
      <Stack>
        {conflict && base && (
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
          {goal ? null : (
            <SchoolSelect
              required
              value={form.getValues().school_id}
              onChange={(id) => form.setFieldValue('school_id', id)}
              error={form.errors.school_id}
            />
          )}
          <Select label="School year" required data={years} {...form.getInputProps('school_year')} />
        </SimpleGrid>
        <TextInput label="Goal" required maxLength={200} {...form.getInputProps('title')} />
        <Textarea label="Description" autosize minRows={2} maxLength={20000} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label="Area" required data={GOAL_AREAS.map((a) => ({ value: a, label: areaLabel(a) }))} {...form.getInputProps('area')} />
          <NumberInput label="Priority" description="1 is the first" min={1} max={999} allowDecimal={false} {...form.getInputProps('priority')} />
          <Select label="Status" required data={options(GOAL_STATUSES)} allowDeselect={false} {...form.getInputProps('status')} />
        </SimpleGrid>
        <Fieldset legend="How it is measured">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Metric" placeholder="Students reading at grade level" maxLength={200} {...form.getInputProps('metric')} />
            <TextInput label="Unit" placeholder="%" maxLength={40} {...form.getInputProps('unit')} />
            <Select label="Better is" data={DIRECTIONS.map((d) => ({ value: d, label: d === 'increase' ? 'Higher (increase)' : 'Lower (decrease)' }))} allowDeselect={false} {...form.getInputProps('direction')} />
            <NumberInput label="Baseline value" decimalScale={4} {...form.getInputProps('baseline_value')} />
            <TextInput label="Baseline date" type="date" {...form.getInputProps('baseline_date')} />
            <span />
            <NumberInput label="Target value" decimalScale={4} {...form.getInputProps('target_value')} />
            <TextInput label="Target date" type="date" {...form.getInputProps('target_date')} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="What the school asks of partners">
          <Stack>
            <Textarea label="In the school's words" autosize minRows={2} maxLength={20000} {...form.getInputProps('partner_ask')} />
            <MultiSelect label="Services that would help" data={options(SERVICE_CATEGORIES)} {...form.getInputProps('asked_services')} />
          </Stack>
        </Fieldset>
        <Group>
          <Button type="submit" loading={form.submitting}>
            {goal ? 'Save changes' : 'Create goal'}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
