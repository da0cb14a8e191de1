import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getSchoolOptions } from '../api/gen/@tanstack/react-query.gen';
import { QueryGate } from '../components/query-gate';
import { Section } from '../components/section';
import { HistoryButton } from '../features/admin/history-button';
import { SchoolContacts } from '../features/directory/school-contacts';
import { SchoolProfile } from '../features/directory/school-profile';
import { AgreementsSection } from '../features/partners/agreements-section';
import { SchoolPartners } from '../features/partners/partner-chips';
import { usePageTitle } from '../lib/page-title';

export function Component() {
  const { schoolId = '' } = useParams();
  const school = useQuery(getSchoolOptions({ path: { school_id: schoolId } }));
  usePageTitle(school.data?.name ?? 'School');
  return (
    <QueryGate query={school} loading="Loading school" retry>
      {(s) => (
        <>
          <HistoryButton recordId={schoolId} noun="school" />
          <SchoolProfile school={s} />
          <SchoolContacts schoolId={schoolId} />
          <AgreementsSection
            draft={`school_id=${schoolId}`}
            filters={{ school_id: [schoolId] }}
            label={`Agreements at ${s.name}`}
            empty="No agreements name this school yet."
          />
          <Section title="Partners">
            <SchoolPartners schoolId={schoolId} />
          </Section>
        </>
      )}
    </QueryGate>
  );
}
