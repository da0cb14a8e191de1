import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import type { PersonRead } from '../../api/gen/types.gen';
import { toApiError } from '../../lib/api';
import { daysSince, fullName, verifiedLabel } from '../../lib/format';
import { cancelVerify, isVerifyPending, UNDO_WINDOW_MS, verifyLater } from './deferred-verify';

/** Re-verify contact details after this long (the home page's "due for re-verification"). */
export const REVERIFY_AFTER_DAYS = 180;

type Who = Pick<PersonRead, 'id' | 'given_name' | 'family_name'>;

/** Verify with a few seconds to undo: the request goes out when the window closes. */
function useDeferredVerify(person: Who) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(() => isVerifyPending(person.id));
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setPending(false), UNDO_WINDOW_MS + 100);
    return () => clearTimeout(timer);
  }, [pending]);
  const verify = () => {
    verifyLater(queryClient, person.id, (error) =>
      notifications.show({ color: 'red', title: `${fullName(person)} not verified`, message: toApiError(error).message }),
    );
    setPending(true);
  };
  const undo = () => {
    cancelVerify(person.id);
    setPending(false);
    notifications.show({ message: `Verification of ${fullName(person)} undone.` });
  };
  return { pending, verify, undo };
}

function VerifyOrUndo({ person, pending, verify, undo }: { person: Who } & ReturnType<typeof useDeferredVerify>) {
  return pending ? (
    <Button size="compact-sm" variant="subtle" onClick={undo} aria-label={`Undo verifying ${fullName(person)}`} w="5.5em">
      Undo
    </Button>
  ) : (
    <Button size="compact-sm" variant="default" onClick={verify} aria-label={`Verify ${fullName(person)}’s contact details`} w="5.5em">
      Verify
    </Button>
  );
}

export function VerifyButton({ person }: { person: Who }) {
  const state = useDeferredVerify(person);
  return <VerifyOrUndo person={person} {...state} />;
}

/** How fresh a contact's details are, and Verify (then Undo) in a column that never moves. */
export function VerifyCell({ person }: { person: Pick<PersonRead, 'id' | 'given_name' | 'family_name' | 'verified_at'> }) {
  const state = useDeferredVerify(person);
  const due = !person.verified_at || daysSince(person.verified_at) > REVERIFY_AFTER_DAYS;
  return (
    <span className="verify-cell">
      <Text span size="sm" c={!state.pending && due ? '#a63c06' : undefined}>
        {state.pending ? 'verified today' : verifiedLabel(person.verified_at)}
      </Text>
      <VerifyOrUndo person={person} {...state} />
    </span>
  );
}
