import type { QueryClient } from '@tanstack/react-query';

import { getPersonQueryKey, listPeopleQueryKey } from '../../api/gen/@tanstack/react-query.gen';
import { verifyPerson } from '../../api/gen/sdk.gen';

/** How long "Undo" is offered after Verify before the verification is sent. */
export const UNDO_WINDOW_MS = 6000;

const pending = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Verify after a short grace period, so "Undo" can take it back without the API having to
 * un-verify: nothing is written until the window passes. The timer lives outside any component,
 * so leaving the page does not lose a verification.
 */
export function verifyLater(
  queryClient: QueryClient,
  personId: string,
  onFailure: (error: unknown) => void,
  delayMs: number = UNDO_WINDOW_MS,
): () => void {
  cancelVerify(personId);
  const timer = setTimeout(() => {
    pending.delete(personId);
    verifyPerson({ path: { person_id: personId }, throwOnError: true }).then(
      () => {
        void queryClient.invalidateQueries({ queryKey: listPeopleQueryKey() });
        void queryClient.invalidateQueries({ queryKey: getPersonQueryKey({ path: { person_id: personId } }) });
      },
      onFailure,
    );
  }, delayMs);
  pending.set(personId, timer);
  return () => cancelVerify(personId);
}

export function cancelVerify(personId: string): boolean {
  const timer = pending.get(personId);
  if (timer === undefined) return false;
  clearTimeout(timer);
  pending.delete(personId);
  return true;
}

export function isVerifyPending(personId: string): boolean {
  return pending.has(personId);
}
