import { useQuery } from '@tanstack/react-query';

import { listPartnerPeopleOptions, listPeopleOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { AgreementRead } from '../../api/gen/types.gen';
import { fullName } from '../../lib/format';
import { useNamesByIds } from '../../lib/use-names-by-ids';

/** Display names for the person ids on a page, fetched in one list call by `ids`. */
export function usePeopleNames(ids: readonly (string | null | undefined)[]): Map<string, string> {
  return useNamesByIds(ids, (query) => listPeopleOptions({ query }), (person) => fullName(person));
}

/** Who can attend or own an action item: the partner's people and the schools' people. */
export function useAgreementPeople(agreement: AgreementRead, extra: (string | null)[] = []) {
  const partner = useQuery(
    listPartnerPeopleOptions({ path: { partner_id: agreement.partner_id }, query: { current: true, limit: 200 } }),
  );
  const school = useQuery({
    ...listPeopleOptions({ query: { school_id: agreement.school_ids, limit: 200 } }),
    enabled: agreement.school_ids.length > 0,
  });
  const extraNames = usePeopleNames(extra);
  const choices = new Map<string, string>();
  for (const [id, name] of extraNames) choices.set(id, name);
  for (const p of school.data?.items ?? []) choices.set(p.id, fullName(p));
  for (const p of partner.data?.items ?? []) choices.set(p.person_id, `${fullName(p)} (partner)`);
  return [...choices].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
}
