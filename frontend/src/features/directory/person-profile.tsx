import { Anchor, Breadcrumbs, Button, Group, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';

import {
  deleteRoleAssignmentMutation,
  listPeopleQueryKey,
  listRoleAssignmentsOptions,
  listRoleAssignmentsQueryKey,
  updateRoleAssignmentMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { PersonRead, RoleAssignmentRead } from '../../api/gen/types.gen';
import { AddableSection } from '../../components/addable-section';
import { DataTable } from '../../components/data-table';
import { Fields } from '../../components/fields';
import { Section } from '../../components/section';
import { ifMatch, toApiError } from '../../lib/api';
import { formatDate, fullName, humanize, roleLabel, today, verifiedLabel } from '../../lib/format';
import { useDistrictNames } from '../../lib/use-district-names';
import { useSchoolNames } from '../../lib/use-school-names';
import { RoleAssignmentForm } from './role-assignment-form';
import { VerifyButton } from './verify-cell';

export function PersonProfile({ person }: { person: PersonRead }) {
  return (
    <>
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
        <div>
          <Title order={1}>{fullName(person)}</Title>
          <Text>
            {person.is_active ? 'Active' : 'Inactive'} · {verifiedLabel(person.verified_at)}
          </Text>
        </div>
        <Group gap="xs">
          <VerifyButton person={person} />
          <Button component={Link} to={`/people/${person.id}/edit`} variant="default" size="compact-sm">
            Edit
          </Button>
        </Group>
      </Group>
      <Section title="Contact details">
        <Fields
          items={[
            ['Email', person.email ? <Anchor href={`mailto:${person.email}`}>{person.email}</Anchor> : null],
            ['Phone', person.phone ? <span className="nowrap">{person.phone}</span> : null],
            ['Preferred channel', humanize(person.preferred_channel)],
            ['District system id', person.sis_id],
            ['Notes', person.notes],
          ]}
        />
      </Section>
    </>
  );
}

const isCurrent = (r: RoleAssignmentRead) => !r.end_date || r.end_date >= today();

function usePersonRoles(personId: string) {
  return useQuery(listRoleAssignmentsOptions({ query: { person_id: [personId], limit: 100 } }));
}

/** The way back from a person to where they work: their primary (else first) current school. */
export function PersonBreadcrumbs({ person }: { person: PersonRead }) {
  const roles = usePersonRoles(person.id);
  const current = (roles.data?.items ?? []).filter((r) => r.school_id && isCurrent(r));
  const school = (current.find((r) => r.is_primary) ?? current[0])?.school_id ?? null;
  const names = useSchoolNames(school ? [school] : []);
  return (
    <Breadcrumbs component="nav" aria-label="Breadcrumb" mb="sm">
      {school ? (
        <Anchor component={Link} to="/schools">
          Schools
        </Anchor>
      ) : (
        <Anchor component={Link} to="/people">
          People
        </Anchor>
      )}
      {school && (
        <Anchor component={Link} to={`/schools/${school}`}>
          {names.get(school)}
        </Anchor>
      )}
      <Text span>{fullName(person)}</Text>
    </Breadcrumbs>
  );
}

function RoleActions({ role, where }: { role: RoleAssignmentRead; where: string }) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: listRoleAssignmentsQueryKey() });
    void queryClient.invalidateQueries({ queryKey: listPeopleQueryKey() });
  };
  const fail = (title: string) => (error: unknown) =>
    notifications.show({ color: 'red', title, message: toApiError(error).message });
  const end = useMutation({ ...updateRoleAssignmentMutation(), onSuccess: refresh, onError: fail('Role not ended') });
  const remove = useMutation({ ...deleteRoleAssignmentMutation(), onSuccess: refresh, onError: fail('Role not removed') });
  const [confirming, setConfirming] = useState(false);
  const label = `${roleLabel(role).title} at ${where}`;
  return (
    <Group gap={6} wrap="nowrap">
      {!role.end_date && (
        <Button
          size="compact-sm"
          variant="default"
          loading={end.isPending}
          aria-label={`End the role ${label} today`}
          onClick={() =>
            end.mutate({ path: { assignment_id: role.id }, body: { end_date: today() }, headers: ifMatch(role.version) })
          }
        >
          End
        </Button>
      )}
      {confirming ? (
        <>
          <Button
            size="compact-sm"
            color="red"
            loading={remove.isPending}
            aria-label={`Confirm: remove the role ${label} as if never recorded`}
            onClick={() => remove.mutate({ path: { assignment_id: role.id }, headers: ifMatch(role.version) })}
          >
            Remove for good
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </>
      ) : (
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          aria-label={`Remove the role ${label}`}
          title="Remove a role recorded by mistake; use End for someone who left"
          onClick={() => setConfirming(true)}
        >
          Remove
        </Button>
      )}
    </Group>
  );
}

/** Where someone works and as what, with add, end and remove; `partnerName` renders a partner's link. */
export function RoleAssignments({
  personId,
  partnerName,
}: {
  personId: string;
  partnerName: (partnerId: string) => ReactNode;
}) {
  const roles = usePersonRoles(personId);
  const items = roles.data?.items ?? [];
  const schoolIds = [...new Set(items.flatMap((r) => (r.school_id ? [r.school_id] : [])))];
  const districtIds = [...new Set(items.flatMap((r) => (r.district_id ? [r.district_id] : [])))];
  const schoolName = useSchoolNames(schoolIds);
  const districtName = useDistrictNames(districtIds);
  const where = (r: RoleAssignmentRead): ReactNode => {
    if (r.school_id)
      return (
        <Anchor component={Link} to={`/schools/${r.school_id}`}>
          {schoolName.get(r.school_id)}
        </Anchor>
      );
    if (r.district_id) return `${districtName.get(r.district_id)} (district office)`;
    if (r.partner_id) return partnerName(r.partner_id);
    return '—';
  };
  const whereText = (r: RoleAssignmentRead) =>
    r.school_id ? schoolName.get(r.school_id) : r.district_id ? districtName.get(r.district_id) : 'the partner';
  return (
    <AddableSection title="Roles" addLabel="Add a role" form={(close) => <RoleAssignmentForm personId={personId} onDone={close} />}>
      {(addAction) => (
        <DataTable
          label="Roles"
          minWidth={320}
          columns={[
            { label: 'Role' },
            { label: 'Where', visibleFrom: 'sm', fold: where },
            { label: 'From', visibleFrom: 'sm', fold: (r) => `${formatDate(r.start_date)} – ${r.end_date ? formatDate(r.end_date) : 'current'}` },
            { label: 'Until', visibleFrom: 'sm' },
            { label: 'Actions', hidden: true },
          ]}
          loading={roles.isPending && 'Loading roles…'}
          empty="No roles recorded: this person works nowhere yet."
          emptyAction={addAction}
          items={items}
          row={(r, _index, folded) => {
            const label = roleLabel(r);
            return (
              <Table.Tr key={r.id}>
                <Table.Td>
                  {label.title}
                  {label.role && (
                    <Text span size="sm" c="dimmed" ml={6}>
                      {label.role}
                    </Text>
                  )}
                  {r.is_primary && (
                    <Text span size="sm" ml={6}>
                      (primary)
                    </Text>
                  )}
                  {folded}
                </Table.Td>
                <Table.Td visibleFrom="sm">{where(r)}</Table.Td>
                <Table.Td visibleFrom="sm" className="nowrap">
                  {formatDate(r.start_date)}
                </Table.Td>
                <Table.Td visibleFrom="sm" className="nowrap">
                  {r.end_date ? formatDate(r.end_date) : 'current'}
                </Table.Td>
                <Table.Td>
                  <RoleActions role={r} where={String(whereText(r) ?? '')} />
                </Table.Td>
              </Table.Tr>
            );
          }}
        />
      )}
    </AddableSection>
  );
}
