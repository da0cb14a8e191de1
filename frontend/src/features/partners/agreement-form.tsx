import { Alert, Fieldset, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { listPartnerPeopleOptions, listPartnersOptions, listSchoolsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type {
  AgreementCreate,
  AgreementRead,
  AgreementUpdate,
  Cadence,
  Channel as Channel,
  ResourceType,
  ServiceCategory,
} from '../../api/gen/types.gen';
import { FormActions } from '../../components/form-actions';
import { FormFailure } from '../../components/form-failure';
import { RepeatedFields } from '../../components/repeated-fields';
import { mergePatch } from '../../lib/diff';
import { applyProblem } from '../../lib/form-errors';
import { fullName, options } from '../../lib/format';
import { useSchoolNames } from '../../lib/use-school-names';
import { SERVICE_CATEGORIES as CATEGORIES } from './vocabulary';

const RESOURCE_TYPES: ResourceType[] = ['funding', 'in_kind', 'volunteer_hours', 'staff_time'];
const CADENCES: Cadence[] = ['weekly', 'biweekly', 'monthly', 'quarterly'];
const CHANNELS: Channel[] = ['email', 'phone', 'text', 'video', 'in_person', 'social'];
const FIELDS = ['partner_id', 'title', 'reference_code', 'document_url', 'start_date', 'end_date', 'school_ids', 'services', 'resources', 'communication_plan'];
/** Once proposed, an agreement's terms are frozen: only these can change (the API's rule). */
const WORKING_FIELDS = ['communication_plan', 'document_url', 'reference_code'];

type Values = {
  partner_id: string;
  title: string;
  reference_code: string;
  document_url: string;
  start_date: string;
  end_date: string;
  school_ids: string[];
  services: { id?: string; category: ServiceCategory | null; description: string; target_students: number | string }[];
  resources: { id?: string; type: ResourceType | null; amount: number | string; note: string }[];
  communication_plan: { cadence: Cadence | null; channels: Channel[]; next_meeting_date: string; partner_contact_id: string | null };
};

function toValues(a: AgreementRead | undefined, initial: { partner_id?: string; school_ids?: string[] }): Values {
  const plan = a?.communication_plan;
  return {
    partner_id: a?.partner_id ?? initial.partner_id ?? '',
    title: a?.title ?? '',
    reference_code: a?.reference_code ?? '',
    document_url: a?.document_url ?? '',
    start_date: a?.start_date ?? '',
    end_date: a?.end_date ?? '',
    school_ids: a?.school_ids ?? initial.school_ids ?? [],
    services: a
      ? a.services.map((x) => ({ id: x.id, category: x.category, description: x.description ?? '', target_students: x.target_students ?? '' }))
      : [{ category: null, description: '', target_students: '' }],
    resources: (a?.resources ?? []).map((r) => ({ id: r.id, type: r.type, amount: r.amount, note: r.note ?? '' })),
    communication_plan: {
      cadence: plan ? (plan.cadence ?? null) : 'monthly',
      channels: plan?.channels ?? [],
      next_meeting_date: plan?.next_meeting_date ?? '',
      partner_contact_id: plan?.partner_contact_id ?? null,
    },
  };
}

function toBody(v: Values): AgreementCreate & { document_url: string | null } {
  return {
    partner_id: v.partner_id,
    title: v.title.trim(),
    reference_code: v.reference_code.trim() || null,
    document_url: v.document_url.trim() || null,
    start_date: v.start_date,
    end_date: v.end_date,
    school_ids: v.school_ids,
    services: v.services.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      category: s.category!,
      description: s.description.trim() || null,
      target_students: s.target_students === '' ? null : Number(s.target_students),
    })),
    resources: v.resources.map((r) => ({ ...(r.id ? { id: r.id } : {}), type: r.type!, amount: Number(r.amount), note: r.note.trim() || null })),
    communication_plan: {
      cadence: v.communication_plan.cadence,
      channels: v.communication_plan.channels,
      next_meeting_date: v.communication_plan.next_meeting_date || null,
      partner_contact_id: v.communication_plan.partner_contact_id,
    },
  };
}

function SchoolPicker({ value, onChange, error, disabled }: { value: string[]; onChange: (v: string[]) => void; error?: React.ReactNode; disabled?: boolean }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const results = useQuery(listSchoolsOptions({ query: { q: q || undefined, limit: 20 } }));
  const [labels, setLabels] = useState<Record<string, string>>({});
  // Names of schools chosen before this page loaded (an agreement's, or a ?school_id= link), in one request.
  const chosenNames = useSchoolNames(value.filter((id) => !labels[id]));
  const known: Record<string, string> = { ...labels };
  for (const [id, name] of chosenNames) if (name !== '…') known[id] ??= name;
  for (const s of results.data?.items ?? []) known[s.id] ??= `${s.name} (${s.city ?? s.state})`;
  const data = [...new Set([...value, ...(results.data?.items ?? []).map((s) => s.id)])].map((id) => ({
    value: id,
    label: known[id] ?? '…',
  }));
  return (
    <MultiSelect
      label="Schools served"
      description="Type to search; leave empty only for a district-wide agreement"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={value}
      error={error}
      disabled={disabled}
      onChange={(ids) => {
        setLabels(Object.fromEntries(ids.map((id) => [id, known[id]])));
        onChange(ids);
      }}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'No school by that name'}
    />
  );
}

/**
 * Draft a new agreement, or edit one: a draft changes freely; once proposed only the working
 * fields (communication plan, reference, document link) can, and the rest are shown read-only.
 * An edit sends a merge patch of what changed.
 */
export function AgreementForm({
  initial = {},
  agreement,
  onSave,
  onCancel,
}: {
  initial?: { partner_id?: string; school_ids?: string[] };
  agreement?: AgreementRead;
  onSave: (body: AgreementCreate | AgreementUpdate) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const partners = useQuery(listPartnersOptions({ query: { limit: 500, sort: 'name' } }));
  const termsFrozen = Boolean(agreement && agreement.status !== 'draft');
  const form = useForm<Values>({
    initialValues: toValues(agreement, initial),
    validate: {
      partner_id: (v) => (v ? null : 'Choose the partner'),
      title: (v) => (v.trim() ? null : 'Give the agreement a title'),
      start_date: (v) => (v ? null : 'When does it start?'),
      end_date: (v, all) => (!v ? 'When does it end?' : all.start_date && v < all.start_date ? 'Ends before it starts' : null),
      services: {
        category: (v) => (v ? null : 'Choose a category'),
        target_students: (v) => (v === '' || Number(v) >= 0 ? null : 'A number of students'),
      },
      resources: {
        type: (v) => (v ? null : 'Choose a type'),
        amount: (v) => (v !== '' && Number(v) > 0 ? null : 'An amount above zero'),
      },
    },
  });
  const partnerId = form.getValues().partner_id;
  const contacts = useQuery({
    ...listPartnerPeopleOptions({ path: { partner_id: partnerId }, query: { current: true, limit: 100 } }),
    enabled: Boolean(partnerId),
  });

  const submit = form.onSubmit(async (v) => {
    setFailure(null);
    const body = toBody(v);
    let request: AgreementCreate | AgreementUpdate = body;
    if (agreement) {
      const patch: Record<string, unknown> = mergePatch(toBody(toValues(agreement, {})), body);
      if (termsFrozen) for (const key of Object.keys(patch)) if (!WORKING_FIELDS.includes(key)) delete patch[key];
      if (Object.keys(patch).length === 0) return onCancel();
      request = patch as AgreementUpdate;
    }
    try {
      await onSave(request);
    } catch (error) {
      setFailure(applyProblem(error, form.setFieldError, FIELDS));
    }
  });
  const frozen = { disabled: termsFrozen };

  return (
    <form onSubmit={submit} noValidate aria-label={agreement ? 'Edit agreement' : 'New agreement'}>
      <Stack>
        <FormFailure message={failure} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Partner"
            required
            searchable
            data={(partners.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            {...form.getInputProps('partner_id')}
            {...frozen}
          />
          <TextInput label="Title" required {...form.getInputProps('title')} {...frozen} />
          <TextInput label="Start date" type="date" required {...form.getInputProps('start_date')} {...frozen} />
          <TextInput label="End date" type="date" required {...form.getInputProps('end_date')} {...frozen} />
          <TextInput label="Reference (MOU number)" {...form.getInputProps('reference_code')} />
          {agreement && <TextInput label="Signed document link" type="url" placeholder="https://" {...form.getInputProps('document_url')} />}
        </SimpleGrid>
        {termsFrozen && (
          <Alert color="blue" title="Terms are fixed">
            This agreement is {agreement!.status}: its partner, schools, dates, services and resources no longer change.
            Renew it to change the terms.
          </Alert>
        )}
        <SchoolPicker
          disabled={termsFrozen}
          value={form.getValues().school_ids}
          onChange={(ids) => form.setFieldValue('school_ids', ids)}
          error={form.errors.school_ids}
        />
        <RepeatedFields
          legend="Services"
          noun="service"
          disabled={termsFrozen}
          keys={form.getValues().services.map((_, i) => form.key(`services.${i}`))}
          onAdd={() => form.insertListItem('services', { category: null, description: '', target_students: '' })}
          onRemove={(i) => form.removeListItem('services', i)}
        >
          {(i) => (
            <>
              <Select label={`Service ${i + 1} category`} required data={options(CATEGORIES)} style={{ flex: '1 1 180px' }} {...form.getInputProps(`services.${i}.category`)} />
              <TextInput label="Description" style={{ flex: '2 1 220px' }} {...form.getInputProps(`services.${i}.description`)} />
              <NumberInput label="Students" min={0} allowDecimal={false} style={{ flex: '0 1 110px' }} {...form.getInputProps(`services.${i}.target_students`)} />
            </>
          )}
        </RepeatedFields>
        <RepeatedFields
          legend="Resources"
          noun="resource"
          disabled={termsFrozen}
          keys={form.getValues().resources.map((_, i) => form.key(`resources.${i}`))}
          onAdd={() => form.insertListItem('resources', { type: null, amount: '', note: '' })}
          onRemove={(i) => form.removeListItem('resources', i)}
        >
          {(i) => (
            <>
              <Select label={`Resource ${i + 1} type`} required data={options(RESOURCE_TYPES)} style={{ flex: '1 1 160px' }} {...form.getInputProps(`resources.${i}.type`)} />
              <NumberInput label="Amount (USD or hours)" required min={0} style={{ flex: '1 1 140px' }} {...form.getInputProps(`resources.${i}.amount`)} />
              <TextInput label="Note" style={{ flex: '2 1 200px' }} {...form.getInputProps(`resources.${i}.note`)} />
            </>
          )}
        </RepeatedFields>
        <Fieldset legend="Communication plan">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Cadence" clearable data={options(CADENCES)} {...form.getInputProps('communication_plan.cadence')} />
            <MultiSelect label="Channels" data={options(CHANNELS)} {...form.getInputProps('communication_plan.channels')} />
            <TextInput label="Next meeting" type="date" {...form.getInputProps('communication_plan.next_meeting_date')} />
            <Select
              label="Partner contact"
              clearable
              disabled={!partnerId}
              data={(contacts.data?.items ?? []).map((p) => ({ value: p.person_id, label: fullName(p) }))}
              {...form.getInputProps('communication_plan.partner_contact_id')}
            />
          </SimpleGrid>
        </Fieldset>
        <FormActions submit={agreement ? 'Save changes' : 'Create agreement'} loading={form.submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
