import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import { AttentionCard } from '../../components/attention-card';
import { fullName, verifiedLabel } from '../../lib/format';
import { REVERIFY_AFTER_DAYS } from './school-contacts';

export function ContactsDue() {
  const due = useQuery(
    listPeopleOptions({ query: { stale_after_days: REVERIFY_AFTER_DAYS, is_active: true, limit: 5, include_total: true } }),
  );
  const items = due.data?.items ?? [];
  return (
    <AttentionCard
      headingId="contacts-due"
      title="Contacts due for re-verification"
      count={due.data?.total}
    >
      {due.isPending ? (
        <Text size="sm">Loading…</Text>
      ) : items.length === 0 ? (
        <Text size="sm">Every contact was verified in the last {REVERIFY_AFTER_DAYS} days.</Text>
      ) : (
        items.map((p) => (
          <Text size="sm" key={p.id}>
            <Anchor component={Link} to={`/people/${p.id}`}>
              {fullName(p)}
            </Anchor>{' '}
            · {verifiedLabel(p.verified_at)}
          </Text>
        ))
      )}
    </AttentionCard>
  );
}
