import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPartnersOptions } from '../../api/gen/@tanstack/react-query.gen';
import { humanize } from '../../lib/format';
import { useCanWrite } from '../auth/permissions';

/** The partners that serve a school (through any of its agreements). */
export function SchoolPartners({ schoolId }: { schoolId: string }) {
  const canWrite = useCanWrite();
  const partners = useQuery(listPartnersOptions({ query: { school_id: [schoolId], limit: 100 } }));
  if (partners.isPending) return <Text>Loading partners…</Text>;
  const items = partners.data?.items ?? [];
  if (items.length === 0)
    return (
      <Stack gap="xs" align="flex-start">
        <Text>No partners serve this school yet: a partner serves it once an agreement names it.</Text>
        {canWrite && (
          <Button component={Link} to={`/agreements/new?school_id=${schoolId}`} size="xs" variant="default">
            Draft an agreement with a partner
          </Button>
        )}
      </Stack>
    );
  return (
    <Group gap="lg" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((p) => (
        <li key={p.id}>
          <Anchor component={Link} to={`/partners/${p.id}`}>
            {p.name}
          </Anchor>
          <Text span size="sm" c="dimmed" ml={6}>
            {humanize(p.kind)}
          </Text>
        </li>
      ))}
    </Group>
  );
}
