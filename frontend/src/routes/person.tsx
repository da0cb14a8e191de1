import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';

import { getPersonOptions } from '../api/gen/@tanstack/react-query.gen';
import { QueryGate } from '../components/query-gate';
import { HistoryButton } from '../features/admin/history-button';
import { PersonBreadcrumbs, PersonProfile, RoleAssignments } from '../features/directory/person-profile';
import { usePartnerNames } from '../features/partners/use-partner-names';
import { fullName } from '../lib/format';
import { usePageTitle } from '../lib/page-title';

function PartnerLink({ id }: { id: string }) {
  const names = usePartnerNames([id]);
  return (
    <Anchor component={Link} to={`/partners/${id}`}>
      {names.get(id)}
    </Anchor>
  );
}

export function Component() {
  const { personId = '' } = useParams();
  const person = useQuery(getPersonOptions({ path: { person_id: personId } }));
  usePageTitle(person.data ? fullName(person.data) : 'Person');
  return (
    <QueryGate query={person} loading="Loading person" retry>
      {(p) => (
        <>
          <HistoryButton recordId={personId} noun="person" />
          <PersonBreadcrumbs person={p} />
          <PersonProfile person={p} />
          <RoleAssignments personId={personId} partnerName={(id) => <PartnerLink id={id} />} />
        </>
      )}
    </QueryGate>
  );
}
