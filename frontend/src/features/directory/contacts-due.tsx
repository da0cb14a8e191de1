import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import { AttentionCard } from '../../components/attention-card';
import { fullName, verifiedLabel } from '../../lib/format';
import { DUE_CONTACTS_QUERY } from './people-directory';
import { REVERIFY_AFTER_DAYS } from './verify-cell';

export function ContactsDue() {
  const due = useQuery(listPeopleOptions({ query: DUE_CONTACTS_QUERY }));
  // The API orders them, most overdue first; the card shows the first few.
  const items = (due.data?.items ?? []).slice(0, 5);
  const total = due.data?.total ?? 0;
  return (
    <AttentionCard
      headingId="contacts-due"
      title="Contacts due for re-verification"
      count={due.data?.total}
      link={total > 0 ? '/people?due=1' : undefined}
      linkLabel={`Verify all ${total.toLocaleString()}, most overdue first`}
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
