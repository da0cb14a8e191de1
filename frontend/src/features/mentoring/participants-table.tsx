import { Anchor, Badge, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';

import type { ProgramRead } from '../../api/gen/types.gen';
import { ErrorState } from '../../components/page-states';
import { EmptyRow } from '../../components/table-parts';
import { formatDate, humanize } from '../../lib/format';
import { useParticipantNames, useParticipants } from './use-participant-names';
import { mentorWord } from './vocabulary';

const PAGE = 25;

export function ParticipantsTable({ program }: { program: ProgramRead }) {
  const words = mentorWord(program.kind);
  const [role, setRole] = useState<'mentor' | 'mentee'>('mentor');
  const [shown, setShown] = useState(PAGE);
  const participants = useParticipants(program.id);
  const all = (participants.data?.items ?? []).filter((p) => p.role === role);
  const page = all.slice(0, shown);
  const names = useParticipantNames(participants.data?.items, page.map((p) => p.id));
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
      {participants.isError ? (
        <ErrorState error={participants.error} onRetry={() => void participants.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table striped aria-label={role === 'mentor' ? words.mentors : words.mentees}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role at school</Table.Th>
                <Table.Th>School level</Table.Th>
                <Table.Th>Subjects and interests</Table.Th>
                {role === 'mentor' && <Table.Th>Capacity</Table.Th>}
                <Table.Th>Enrolled</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {participants.isPending ? (
                <EmptyRow colSpan={6}>Loading participants…</EmptyRow>
              ) : page.length === 0 ? (
                <EmptyRow colSpan={6}>No {(role === 'mentor' ? words.mentors : words.mentees).toLowerCase()} enrolled yet.</EmptyRow>
              ) : (
                page.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      {p.person_id ? (
                        <Anchor component={Link} to={`/people/${p.person_id}`}>
                          {names.get(p.id)}
                        </Anchor>
                      ) : (
                        names.get(p.id)
                      )}
                    </Table.Td>
                    <Table.Td>{humanize(p.staff_role)}</Table.Td>
                    <Table.Td>
                      {humanize(p.school_level)}
                      {p.locale_type ? ` · ${p.locale_type}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {[...(p.subjects ?? []), ...(p.interests ?? [])].map((s) => (
                          <Badge key={s} size="sm" variant="outline" color="gray.8">
                            {humanize(s)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    {role === 'mentor' && <Table.Td>{p.capacity ?? '—'}</Table.Td>}
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(p.enrolled_on)}
                      {p.left_on && (
                        <Text size="xs" c="dimmed">
                          left {formatDate(p.left_on)}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
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
