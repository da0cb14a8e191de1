import { Button, Group, Paper, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getAgreementOptions } from '../api/gen/@tanstack/react-query.gen';
import { ErrorState, Loading } from '../components/page-states';
import { HistoryButton } from '../features/admin/history-button';
import { useMyPersonId } from '../features/auth/session';
import { ActionItemsTable } from '../features/partners/action-items';
import { AgreementHeader, CommunicationPlan, ServicesAndResources } from '../features/partners/agreement-detail';
import { InteractionForm } from '../features/partners/interaction-form';
import { InteractionsLog } from '../features/partners/interactions-log';
import { LifecycleActions } from '../features/partners/lifecycle-actions';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { agreementId = '' } = useParams();
  const agreement = useQuery(getAgreementOptions({ path: { agreement_id: agreementId } }));
  usePageTitle(agreement.data?.title ?? 'Agreement');
  const { personId } = useMyPersonId();
  const [logging, { toggle, close }] = useDisclosure(false);
  if (agreement.isPending) return <Loading label="Loading agreement" />;
  if (agreement.isError) return <ErrorState error={agreement.error} onRetry={() => void agreement.refetch()} />;
  const a = agreement.data;
  return (
    <>
      <HistoryButton recordId={a.id} noun="agreement" />
      <AgreementHeader agreement={a} />
      <Paper withBorder p="md" mb="lg">
        <Title order={2} size="h4" mb="sm">
          Lifecycle
        </Title>
        <LifecycleActions agreement={a} />
      </Paper>
      <ServicesAndResources agreement={a} />
      <CommunicationPlan agreement={a} />
      <Paper withBorder p="md" mb="lg">
        <Title order={2} size="h4" mb="sm">
          Open action items
        </Title>
        <ActionItemsTable
          filters={{ agreement_id: [a.id], open: true }}
          label="Open action items"
          empty="Nothing outstanding."
        />
      </Paper>
      <Paper withBorder p="md" mb="lg">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Interaction log
          </Title>
          <Button size="xs" onClick={toggle} aria-expanded={logging}>
            {logging ? 'Close the form' : 'Log an interaction'}
          </Button>
        </Group>
        {logging && (
          <Paper id="log-interaction" bg="gray.0" p="md" mb="lg">
            <InteractionForm agreement={a} myPersonId={personId} onDone={close} />
          </Paper>
        )}
        <InteractionsLog agreementId={a.id} />
      </Paper>
    </>
  );
}
