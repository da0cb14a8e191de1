import { useQuery } from '@tanstack/react-query';

import { listParticipantsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { ParticipantRead } from '../../api/gen/types.gen';
import { usePeopleNames } from '../partners/use-people';

/** A programme's participants in one list call. */
export function useParticipants(programId: string | undefined) {
  return useQuery({
    ...listParticipantsOptions({ query: { program_id: programId ? [programId] : undefined, limit: 500 } }),
    enabled: Boolean(programId),
    staleTime: 60_000,
  });
}

/** The names of the participants a page shows, fetched in one people list call by ids. */
export function useParticipantNames(
  participants: readonly ParticipantRead[] | undefined,
  ids: readonly string[],
): Map<string, string> {
  const byId = new Map((participants ?? []).map((p) => [p.id, p.person_id]));
  const names = usePeopleNames(ids.map((id) => byId.get(id)));
  return new Map(ids.map((id) => [id, names.get(byId.get(id) ?? '') ?? '…']));
}
