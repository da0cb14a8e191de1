import { Alert, Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import {
  activateAgreementMutation,
  getAgreementQueryKey,
  listAgreementsQueryKey,
  proposeAgreementMutation,
  renewAgreementMutation,
  terminateAgreementMutation,
  withdrawAgreementMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { Action, AgreementRead } from '../../api/gen/types.gen';
import { ifMatch, toApiError } from '../../lib/api';
import { today } from '../../lib/format';
import { Dialog } from '../../components/dialog';

const ORDER: Action[] = ['propose', 'activate', 'renew', 'withdraw', 'terminate'];
const LABEL: Record<Action, string> = {
  propose: 'Propose to partner',
  activate: 'Activate',
  renew: 'Renew',
  withdraw: 'Withdraw',
  terminate: 'Terminate',
};
const DONE: Record<Action, string> = {
  propose: 'Proposed.',
  activate: 'Active.',
  renew: 'Renewal drafted.',
  withdraw: 'Withdrawn.',
  terminate: 'Terminated.',
};

/** Only the transitions the API says are allowed now (`allowed_actions`) get a button. */
export function LifecycleActions({ agreement }: { agreement: AgreementRead }) {
  const [open, setOpen] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const path = { agreement_id: agreement.id };
  const headers = ifMatch(agreement.version);
  const propose = useMutation(proposeAgreementMutation());
  const activate = useMutation(activateAgreementMutation());
  const renew = useMutation(renewAgreementMutation());
  const withdraw = useMutation(withdrawAgreementMutation());
  const terminate = useMutation(terminateAgreementMutation());

  const run = async (action: Action) => {
    setFailure(null);
    try {
      let result: AgreementRead;
      if (action === 'propose') result = await propose.mutateAsync({ path, headers });
      else if (action === 'activate')
        result = await activate.mutateAsync({ path, headers, body: { signed_date: date || null } });
      else if (action === 'renew') result = await renew.mutateAsync({ path, headers, body: {} });
      else if (action === 'withdraw')
        result = await withdraw.mutateAsync({ path, headers, body: { reason: reason.trim() || null } });
      else result = await terminate.mutateAsync({ path, headers, body: { reason: reason.trim() } });
      void queryClient.invalidateQueries({ queryKey: listAgreementsQueryKey() });
      void queryClient.invalidateQueries({ queryKey: getAgreementQueryKey({ path }) });
      notifications.show({ color: 'green', message: DONE[action] });
      setOpen(null);
      if (result.id !== agreement.id) navigate(`/agreements/${result.id}`);
    } catch (error) {
      const e = toApiError(error);
      if (e.status === 412 || e.status === 409) {
        void queryClient.invalidateQueries({ queryKey: getAgreementQueryKey({ path }) });
        setFailure(
          e.status === 412
            ? 'Someone changed this agreement meanwhile; it has been reloaded. Check it and try again.'
            : (e.detail ?? 'That change is not allowed from the agreement’s current status.'),
        );
      } else setFailure(e.detail ?? e.title);
    }
  };

  const busy = [propose, activate, renew, withdraw, terminate].some((m) => m.isPending);
  const allowed = ORDER.filter((a) => agreement.allowed_actions.includes(a));
  const needsDialog = (a: Action) => a !== 'propose';

  return (
    <>
      {failure && !open && (
        <Alert color="red" role="alert" mb="sm" withCloseButton onClose={() => setFailure(null)}>
          {failure}
        </Alert>
      )}
      <Group gap="xs" aria-label="Lifecycle actions" role="group">
        {allowed.length === 0 && <Text size="sm">No lifecycle changes are possible from here.</Text>}
        {allowed.map((a) => (
          <Button
            key={a}
            variant={a === 'terminate' || a === 'withdraw' ? 'outline' : 'filled'}
            color={a === 'terminate' || a === 'withdraw' ? 'red.9' : undefined}
            loading={busy && open === null && a === 'propose'}
            onClick={() => {
              setReason('');
              setReasonError(null);
              setDate(a === 'activate' ? (agreement.signed_date ?? today()) : '');
              setFailure(null);
              if (needsDialog(a)) setOpen(a);
              else void run(a);
            }}
          >
            {LABEL[a]}
          </Button>
        ))}
      </Group>
      <Dialog opened={open !== null} onClose={() => setOpen(null)} title={open ? `${LABEL[open]}: ${agreement.title}` : null}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (open === 'terminate' && !reason.trim()) {
              setReasonError('Say why the agreement is ending.');
              return;
            }
            if (open) void run(open);
          }}
        >
          <Stack>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            {open === 'activate' && (
              <TextInput label="Signed on" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
            )}
            {open === 'renew' && (
              <Text size="sm">
                Drafts the next term, starting the day after this one ends and lasting as long. You can edit
                the draft before proposing it.
              </Text>
            )}
            {(open === 'terminate' || open === 'withdraw') && (
              <Textarea
                label={open === 'terminate' ? 'Reason' : 'Reason (optional)'}
                required={open === 'terminate'}
                value={reason}
                error={reasonError}
                onChange={(e) => {
                  setReason(e.currentTarget.value);
                  setReasonError(null);
                }}
                autosize
                minRows={2}
              />
            )}
            <Group>
              <Button type="submit" loading={busy} color={open === 'terminate' || open === 'withdraw' ? 'red.9' : undefined}>
                {open ? LABEL[open] : ''}
              </Button>
              <Button variant="default" onClick={() => setOpen(null)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </>
  );
}
