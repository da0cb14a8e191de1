import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listActionItemsOptions, listAgreementsOptions } from '../../api/gen/@tanstack/react-query.gen';
import { AttentionCard } from '../../components/attention-card';
import { daysUntil, formatDate } from '../../lib/format';
import { ActionItemsTable } from './action-items';

export const EXPIRING_WITHIN_DAYS = 60;

export function ExpiringAgreements() {
  const expiring = useQuery(
    listAgreementsOptions({ query: { expiring_within_days: EXPIRING_WITHIN_DAYS, sort: 'end_date', limit: 5, include_total: true } }),
  );
  const items = expiring.data?.items ?? [];
  return (
    <AttentionCard
      headingId="expiring"
      title={`Agreements expiring within ${EXPIRING_WITHIN_DAYS} days`}
      count={expiring.data?.total}
      link={`/agreements?expiring_within_days=${EXPIRING_WITHIN_DAYS}`}
      linkLabel="All expiring agreements"
    >
      {expiring.isPending ? (
        <Text size="sm">Loading…</Text>
      ) : items.length === 0 ? (
        <Text size="sm">None expiring soon.</Text>
      ) : (
        items.map((a) => (
          <Text size="sm" key={a.id}>
            <Anchor component={Link} to={`/agreements/${a.id}`}>
              {a.title}
            </Anchor>{' '}
            · ends {formatDate(a.end_date)} ({daysUntil(a.end_date)} days)
          </Text>
        ))
      )}
    </AttentionCard>
  );
}

export function OverdueCheckIns() {
  const overdue = useQuery(listAgreementsOptions({ query: { overdue: true, limit: 5, include_total: true } }));
  const items = overdue.data?.items ?? [];
  return (
    <AttentionCard
      headingId="overdue"
      title="Overdue check-ins with partners"
      count={overdue.data?.total}
      link="/agreements?overdue=true"
      linkLabel="All overdue check-ins"
    >
      {overdue.isPending ? (
        <Text size="sm">Loading…</Text>
      ) : items.length === 0 ? (
        <Text size="sm">Every active partnership met on schedule.</Text>
      ) : (
        items.map((a) => (
          <Text size="sm" key={a.id}>
            <Anchor component={Link} to={`/agreements/${a.id}`}>
              {a.title}
            </Anchor>{' '}
            ·{' '}
            {a.health.last_interaction_on
              ? `last met ${formatDate(a.health.last_interaction_on)}`
              : 'no meeting logged yet'}
          </Text>
        ))
      )}
    </AttentionCard>
  );
}

export function MyActionItems({ personId }: { personId: string | null }) {
  const count = useQuery({
    ...listActionItemsOptions({ query: { owner_id: [personId ?? ''], open: true, limit: 1, include_total: true } }),
    enabled: Boolean(personId),
  });
  return (
    <AttentionCard headingId="my-items" title="Open action items assigned to me" count={personId ? count.data?.total : null}>
      {personId ? (
        <ActionItemsTable
          filters={{ owner_id: [personId], open: true }}
          label="My open action items"
          empty="Nothing assigned to you is open. Action items are added when an interaction is logged on an agreement."
          emptyAction={
            <Anchor component={Link} to="/agreements?status=active" size="sm">
              Active agreements
            </Anchor>
          }
          showAgreement
          limit={10}
        />
      ) : (
        <Text size="sm">
          Your account is not linked to a person in the directory, so nothing can be assigned to you yet.
        </Text>
      )}
    </AttentionCard>
  );
}
