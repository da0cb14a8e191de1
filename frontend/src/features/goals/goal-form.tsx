import { Fieldset, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';

import { getGoalOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { Direction, GoalArea, GoalCreate, GoalRead, GoalStatus, ServiceCategory } from '../../api/gen/types.gen';
import { ConflictAlert } from '../../components/conflict-alert';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { optionalText } from '../../lib/form-fields';
import { options } from '../../lib/format';
import { useMergePatchSave } from '../../lib/use-merge-patch-save';
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
  const num = (n: number | string) => (n === '' ? null : Number(n));
  return {
    school_id: v.school_id,
    school_year: v.school_year,
    title: v.title.trim(),
    description: optionalText(v.description),
    area: v.area!,
    priority: num(v.priority),
    status: v.status,
    metric: optionalText(v.metric),
    unit: optionalText(v.unit),
    direction: v.direction,
    baseline_value: num(v.baseline_value),
    baseline_date: v.baseline_date || null,
    target_value: num(v.target_value),
    target_date: v.target_date || null,
    partner_ask: optionalText(v.partner_ask),
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
  const form = useForm<Values>({ initialValues: toValues(goal ?? initial), validate });
  const years = [...new Set([form.getValues().school_year, ...schoolYearChoices()].filter(Boolean))];
  const latest = (id: string) => getGoalOptions({ path: { goal_id: id } });
  const { submit, failure, conflict } = useMergePatchSave({ form, record: goal, toValues, toBody, fields: FIELDS, latest, onSave, onCancel });

  return (
    <form onSubmit={submit} noValidate aria-label={goal ? 'Edit goal' : 'New goal'}>
      <Stack>
        {conflict && <ConflictAlert {...conflict} />}
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
        <FormActions submit={goal ? 'Save changes' : 'Create goal'} loading={form.submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
