import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import {
  createProgramMutation,
  getProgramQueryKey,
  listDistrictsOptions,
  listProgramsQueryKey,
  updateProgramMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { ProgramCreate, ProgramKind, ProgramRead, ProgramStatus } from '../../api/gen/types.gen';
import { FormFailure } from '../../components/form-failure';
import { ifMatch } from '../../lib/api';
import { mergePatch } from '../../lib/diff';
import { applyProblem } from '../../lib/form-errors';
import { options, today } from '../../lib/format';
import { useMe } from '../auth/session';
import { Dialog } from '../../components/dialog';

const KINDS: ProgramKind[] = ['mentoring', 'coaching'];
const STATUSES: ProgramStatus[] = ['planned', 'active', 'closed'];
const FIELDS = ['name', 'kind', 'status', 'district_id', 'start_date', 'end_date', 'cadence_days', 'target_caseload', 'objectives'];

type Values = {
  name: string;
  kind: ProgramKind;
  status: ProgramStatus;
  district_id: string | null;
  start_date: string;
  end_date: string;
  cadence_days: number | string;
  target_caseload: number | string;
  objectives: string;
};

function valuesOf(p: ProgramRead | undefined, district: string | null): Values {
  return {
    name: p?.name ?? '',
    kind: p?.kind ?? 'mentoring',
    status: p?.status ?? 'planned',
    district_id: p ? (p.district_id ?? null) : district,
    start_date: p?.start_date ?? today(),
    end_date: p?.end_date ?? '',
    cadence_days: p?.cadence_days ?? 14,
    target_caseload: p?.target_caseload ?? 3,
    objectives: p?.objectives ?? '',
  };
}

function bodyOf(v: Values): ProgramCreate {
  return {
    name: v.name.trim(),
    kind: v.kind,
    status: v.status,
    district_id: v.district_id,
    start_date: v.start_date,
    end_date: v.end_date || null,
    cadence_days: Number(v.cadence_days),
    target_caseload: Number(v.target_caseload),
    objectives: v.objectives.trim() || null,
  };
}

function ProgramForm({ program, onDone }: { program?: ProgramRead; onDone: () => void }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation(createProgramMutation());
  const update = useMutation(updateProgramMutation());
  const [failure, setFailure] = useState<string | null>(null);
  const districts = useQuery(listDistrictsOptions({ query: { limit: 200, sort: 'name' } }));
  const initial = valuesOf(program, me.data?.district_ids[0] ?? null);
  const form = useForm<Values>({
    initialValues: initial,
    validate: {
      name: (v) => (v.trim() ? null : 'Name the programme'),
      start_date: (v) => (v ? null : 'When does it start?'),
      end_date: (v, all) => (v && v < all.start_date ? 'It cannot end before it starts' : null),
      cadence_days: (v) => (Number(v) >= 1 && Number(v) <= 365 ? null : 'Between 1 and 365 days'),
      target_caseload: (v) => (Number(v) >= 1 && Number(v) <= 100 ? null : 'Between 1 and 100'),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setFailure(null);
    try {
      let saved: ProgramRead;
      if (program) {
        const body = mergePatch(bodyOf(initial), bodyOf(v));
        saved = await update.mutateAsync({ path: { program_id: program.id }, body, headers: ifMatch(program.version) });
        queryClient.setQueryData(getProgramQueryKey({ path: { program_id: program.id } }), saved);
      } else {
        saved = await create.mutateAsync({ body: bodyOf(v) });
      }
      void queryClient.invalidateQueries({ queryKey: listProgramsQueryKey() });
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: program ? 'Programme saved.' : 'Programme started.' });
      onDone();
      if (!program) navigate(`/mentoring/programs/${saved.id}?tab=participants`);
    } catch (error) {
      setFailure(applyProblem(error, form.setFieldError, FIELDS));
      if (program) void queryClient.invalidateQueries({ queryKey: getProgramQueryKey({ path: { program_id: program.id } }) });
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label={program ? 'Edit programme' : 'New programme'}>
      <Stack>
        <FormFailure message={failure} />
        <TextInput label="Name" required maxLength={200} data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select label="Kind" data={options(KINDS)} allowDeselect={false} {...form.getInputProps('kind')} />
          <Select label="Status" data={options(STATUSES)} allowDeselect={false} {...form.getInputProps('status')} />
          <Select
            label="District"
            searchable
            clearable={Boolean(me.data?.everything)}
            data={(districts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            {...form.getInputProps('district_id')}
          />
          <TextInput label="Starts" type="date" required {...form.getInputProps('start_date')} />
          <TextInput label="Ends" type="date" description="Leave empty while it runs" {...form.getInputProps('end_date')} />
          <NumberInput label="Check in every (days)" min={1} max={365} allowDecimal={false} {...form.getInputProps('cadence_days')} />
          <NumberInput label="Target caseload" description="Pairs per mentor or coach" min={1} max={100} allowDecimal={false} {...form.getInputProps('target_caseload')} />
        </SimpleGrid>
        <Textarea label="Objectives" autosize minRows={2} maxLength={20000} {...form.getInputProps('objectives')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            {program ? 'Save programme' : 'Start programme'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A button that opens the programme form: a new programme, or this one to edit. */
export function ProgramFormButton({ program }: { program?: ProgramRead }) {
  const [opened, setOpened] = useState(false);
  const title = program ? `Edit ${program.name}` : 'New programme';
  return (
    <>
      <Button variant={program ? 'default' : 'filled'} onClick={() => setOpened(true)}>
        {program ? 'Edit programme' : 'New programme'}
      </Button>
      <Dialog opened={opened} onClose={() => setOpened(false)} title={title} size="lg">
        <ProgramForm program={program} onDone={() => setOpened(false)} />
      </Dialog>
    </>
  );
}
