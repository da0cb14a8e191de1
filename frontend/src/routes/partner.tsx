import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getPartnerOptions } from '../api/gen/@tanstack/react-query.gen';
import { QueryGate } from '../components/query-gate';
import { HistoryButton } from '../features/admin/history-button';
import { AgreementsSection } from '../features/partners/agreements-section';
import { PartnerPeople, PartnerProfile } from '../features/partners/partner-profile';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { partnerId = '' } = useParams();
  const partner = useQuery(getPartnerOptions({ path: { partner_id: partnerId } }));
  usePageTitle(partner.data?.name ?? 'Partner');
  return (
    <QueryGate query={partner} loading="Loading partner" retry>
      {(p) => (
        <>
          <HistoryButton recordId={partnerId} noun="partner" />
          <PartnerProfile partner={p} />
          <PartnerPeople partnerId={partnerId} />
          <AgreementsSection
            draft={`partner_id=${partnerId}`}
            filters={{ partner_id: [partnerId] }}
            showPartner={false}
            label={`Agreements with ${p.name}`}
            empty={`No agreements with ${p.name} yet: draft one with “New agreement”.`}
          />
        </>
      )}
    </QueryGate>
  );
}
