import { useQueries, useQuery } from '@tanstack/react-query';

import { getPersonOptions, listParticipantsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { ParticipantRead } from '../../api/gen/types.gen';
import { fullName } from '../../lib/format';

/**
 * A programme's participants in one list call, and the names of the few people a page shows
 * (one cached request per person: the people list cannot be asked for by id yet).
 */
export function useParticipants(programId: string | undefined) {
  return useQuery({
    ...listParticipantsOptions({ query: { program_id: programId ? [programId] : undefined, limit: 500 } }),
    enabled: Boolean(programId),
    staleTime: 60_000,
  });
}

export function useParticipantNames(
  participants: readonly ParticipantRead[] | undefined,
  ids: readonly string[],
): Map<string, string> {
  const byId = new Map((participants ?? []).map((p) => [p.id, p]));
  const personIds = [...new Set(ids.map((id) => byId.get(id)?.person_id).filter((id): id is string => Boolean(id)))];
  const people = useQueries({
    queries: personIds.map((id) => ({ ...getPersonOptions({ path: { person_id: id } }), staleTime: 5 * 60_000 })),
  });
  const names = new Map(personIds.map((id, i) => [id, people[i].data ? fullName(people[i].data) : '…']));
  return new Map(ids.map((id) => [id, names.get(byId.get(id)?.person_id ?? '') ?? '…']));
}
