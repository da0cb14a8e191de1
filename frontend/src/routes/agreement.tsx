import { Button, Paper } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getAgreementOptions } from '../api/gen/@tanstack/react-query.gen';
import { QueryGate } from '../components/query-gate';
import { Section } from '../components/section';
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
  return (
    <QueryGate query={agreement} loading="Loading agreement" retry>
      {(a) => (
        <>
          <HistoryButton recordId={a.id} noun="agreement" />
          <AgreementHeader agreement={a} />
          <Section title="Lifecycle">
            <LifecycleActions agreement={a} />
          </Section>
          <ServicesAndResources agreement={a} />
          <CommunicationPlan agreement={a} />
          <Section title="Open action items">
            <ActionItemsTable filters={{ agreement_id: [a.id], open: true }} label="Open action items" empty="Nothing outstanding." />
          </Section>
          <Section
            title="Interaction log"
            action={
              <Button size="xs" onClick={toggle} aria-expanded={logging}>
                {logging ? 'Close the form' : 'Log an interaction'}
              </Button>
            }
          >
            {logging && (
              <Paper id="log-interaction" bg="gray.0" p="md" mb="lg">
                <InteractionForm agreement={a} myPersonId={personId} onDone={close} />
              </Paper>
            )}
            <InteractionsLog agreementId={a.id} />
          </Section>
        </>
      )}
    </QueryGate>
  );
}
