import { Anchor, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import type { PersonRead } from '../../api/gen/types.gen';
import { fullName } from '../../lib/format';
import { VerifyCell } from './verify-cell';

type Contact = Pick<PersonRead, 'id' | 'given_name' | 'family_name' | 'email' | 'phone' | 'verified_at'>;

/** On a phone, contacts as cards: name, role, and the email and phone people came for. */
export function ContactCards({
  label,
  contacts,
  empty,
}: {
  label: string;
  contacts: { key: string; person: Contact; role?: ReactNode }[];
  empty: ReactNode;
}) {
  if (contacts.length === 0) return <>{empty}</>;
  return (
    <Stack gap="xs" component="ul" aria-label={label} p={0} m={0} style={{ listStyle: 'none' }}>
      {contacts.map(({ key, person, role }) => (
        <Paper component="li" withBorder p="sm" key={key}>
          <Anchor component={Link} to={`/people/${person.id}`} fw={600}>
            {fullName(person)}
          </Anchor>
          {role && <Text size="sm">{role}</Text>}
          {person.email && (
            <Text size="sm">
              <Anchor href={`mailto:${person.email}`}>{person.email}</Anchor>
            </Text>
          )}
          {person.phone && (
            <Text size="sm">
              <Anchor href={`tel:${person.phone}`} className="nowrap">
                {person.phone}
              </Anchor>
            </Text>
          )}
          <Text component="div" mt={4}>
            <VerifyCell person={person} />
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
