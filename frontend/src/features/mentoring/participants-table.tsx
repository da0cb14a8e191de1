import { Anchor, Badge, Group, type GroupProps, SegmentedControl, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';

import type { ParticipantRead, ProgramRead } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState } from '../../components/page-states';
import { formatDate, humanize } from '../../lib/format';
import { ParticipantFormButton } from './participant-form';
import { useCanWrite } from '../auth/permissions';
import { useParticipantNames, useParticipants } from './use-participant-names';
import { mentorWord } from './vocabulary';
import { WithdrawParticipant } from './withdraw-participant';

const PAGE = 25;

const level = (p: ParticipantRead) => `${humanize(p.school_level)}${p.locale_type ? ` · ${humanize(p.locale_type)}` : ''}`;

function Topics({ participant, ...box }: { participant: ParticipantRead } & GroupProps) {
  return (
    <Group gap={4} {...box}>
      {[...(participant.subjects ?? []), ...(participant.interests ?? [])].map((s) => (
        <Badge key={s} size="sm" variant="outline" color="gray.8">
          {humanize(s)}
        </Badge>
      ))}
    </Group>
  );
}

export function ParticipantsTable({ program }: { program: ProgramRead }) {
  const words = mentorWord(program.kind);
  const [role, setRole] = useState<'mentor' | 'mentee'>('mentor');
  const [shown, setShown] = useState(PAGE);
  const participants = useParticipants(program.id);
  const all = (participants.data?.items ?? []).filter((p) => p.role === role);
  const page = all.slice(0, shown);
  const names = useParticipantNames(participants.data?.items, page.map((p) => p.id));
  const canWrite = useCanWrite();
  const enrol = canWrite ? <ParticipantFormButton program={program} role={role} /> : undefined;
  return (
    <>
      <SegmentedControl
        mb="md"
        aria-label="Role"
        value={role}
        onChange={(v) => {
          setRole(v as 'mentor' | 'mentee');
          setShown(PAGE);
        }}
        data={[
          { value: 'mentor', label: words.mentors },
          { value: 'mentee', label: words.mentees },
        ]}
      />
      {all.length > 0 && enrol && <Group mb="sm">{enrol}</Group>}
      {participants.isError ? (
        <ErrorState error={participants.error} onRetry={() => void participants.refetch()} />
      ) : (
        <DataTable
          label={role === 'mentor' ? words.mentors : words.mentees}
          minWidth={320}
          striped
          columns={[
            { label: 'Name' },
            { label: 'Role at school', visibleFrom: 'sm' },
            { label: 'School level', visibleFrom: 'sm' },
            { label: 'Subjects and interests', visibleFrom: 'sm' },
            role === 'mentor' && { label: 'Capacity', visibleFrom: 'sm' },
            { label: 'Enrolled', visibleFrom: 'sm' },
            canWrite && { label: 'Actions', hidden: true },
          ]}
          loading={participants.isPending && 'Loading participants…'}
          empty={`No ${(role === 'mentor' ? words.mentors : words.mentees).toLowerCase()} enrolled in ${program.name} yet.`}
          emptyAction={enrol}
          items={page}
          row={(p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                {p.person_id ? (
                  <Anchor component={Link} to={`/people/${p.person_id}`}>
                    {names.get(p.id)}
                  </Anchor>
                ) : (
                  names.get(p.id)
                )}
                {/* Phones fold role, level and subjects under the name, so the table fits without scrolling. */}
                <Text size="sm" hiddenFrom="sm">
                  {humanize(p.staff_role)} · {level(p)}
                </Text>
                <Text size="xs" c="dimmed" hiddenFrom="sm">
                  {[p.role === 'mentor' && p.capacity != null ? `capacity ${p.capacity}` : null, `enrolled ${formatDate(p.enrolled_on)}`, p.left_on ? `left ${formatDate(p.left_on)}` : null]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                <Topics participant={p} hiddenFrom="sm" mt={4} />
              </Table.Td>
              <Table.Td visibleFrom="sm">{humanize(p.staff_role)}</Table.Td>
              <Table.Td visibleFrom="sm">{level(p)}</Table.Td>
              <Table.Td visibleFrom="sm">
                <Topics participant={p} />
              </Table.Td>
              {role === 'mentor' && <Table.Td visibleFrom="sm">{p.capacity ?? '—'}</Table.Td>}
              <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatDate(p.enrolled_on)}
                {p.left_on && (
                  <Text size="xs" c="dimmed">
                    left {formatDate(p.left_on)}
                  </Text>
                )}
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <Group gap={4} wrap="wrap">
                    <ParticipantFormButton program={program} role={p.role} participant={p} name={names.get(p.id)} />
                    {!p.left_on && <WithdrawParticipant participant={p} name={names.get(p.id) ?? 'participant'} />}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          )}
        />
      )}
      {all.length > shown && (
        <Group mt="sm">
          <Text size="sm">
            Showing {shown} of {all.length}
          </Text>
          <Anchor component="button" type="button" size="sm" onClick={() => setShown((n) => n + PAGE)}>
            Show more
          </Anchor>
        </Group>
      )}
    </>
  );
}
