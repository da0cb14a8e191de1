import { Button, Group, Paper, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';

import { getPartnerOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { HistoryButton } from '../features/admin/history-button';
import { AgreementsTable } from '../features/partners/agreements-table';
import { PartnerPeople, PartnerProfile } from '../features/partners/partner-profile';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { partnerId = '' } = useParams();
  const partner = useQuery(getPartnerOptions({ path: { partner_id: partnerId } }));
  usePageTitle(partner.data?.name ?? 'Partner');
  if (partner.isPending) return <Loading label="Loading partner" />;
  if (partner.isError) return <ErrorState error={partner.error} onRetry={() => void partner.refetch()} />;
  return (
    <>
      <HistoryButton recordId={partnerId} noun="partner" />
      <PartnerProfile partner={partner.data} />
      <PartnerPeople partnerId={partnerId} />
      <Paper withBorder p="md" mb="lg">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Agreements
          </Title>
          <Button size="xs" component={Link} to={`/agreements/new?partner_id=${partnerId}`}>
            New agreement
          </Button>
        </Group>
        <AgreementsTable filters={{ partner_id: [partnerId] }} showPartner={false} label={`Agreements with ${partner.data.name}`}
          empty={`No agreements with ${partner.data.name} yet: draft one with “New agreement”.`}
        />
      </Paper>
    </>
  );
}
