import { Anchor, Badge, Button, Group, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { getDistrictOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { SchoolRead } from '../../api/gen/types.gen';
import { Fields } from '../../components/fields';
import { Section } from '../../components/section';
import { humanize } from '../../lib/format';

export function SchoolProfile({ school }: { school: SchoolRead }) {
  const district = useQuery(getDistrictOptions({ path: { district_id: school.district_id } }));
  const grades = school.grade_low && school.grade_high ? `${school.grade_low}–${school.grade_high}` : null;
  const address = [school.street, school.city, [school.state, school.zip].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
        <div>
          <Title order={1}>{school.name}</Title>
          <Text>
            {district.data?.name ?? ''} · {humanize(school.level)}
            {grades && (
              <>
                {' · '}
                <span className="nowrap">grades {grades}</span>
              </>
            )}
          </Text>
        </div>
        <Group gap="xs">
          <Button component={Link} to={`/schools/${school.id}/summary`} variant="default">
            Print summary
          </Button>
          <Button component={Link} to={`/schools/${school.id}/edit`} variant="default">
            Edit school
          </Button>
        </Group>
      </Group>
      <Group gap="xs" mb="md">
        <Badge variant="outline" color={school.status === 'open' ? '#1e6b30' : 'gray.8'}>
          {humanize(school.status)}
        </Badge>
        {school.is_title_i && <Badge variant="outline" color="grape.9">Title I</Badge>}
        {school.is_charter && <Badge variant="outline" color="indigo.9">Charter</Badge>}
        {school.is_magnet && <Badge variant="outline" color="cyan.9">Magnet</Badge>}
      </Group>
      <Section title="Profile">
        <Fields
          items={[
            ['Address', address],
            ['Phone', school.phone ? <span className="nowrap">{school.phone}</span> : null],
            [
              'Website',
              school.website ? (
                <Anchor href={school.website} target="_blank" rel="noreferrer">
                  {school.website}
                </Anchor>
              ) : null,
            ],
            ['Enrollment', school.enrollment?.toLocaleString()],
            ['Locale', humanize(school.locale_type)],
            ['NCES id', school.nces_id],
          ]}
        />
      </Section>
    </>
  );
}
