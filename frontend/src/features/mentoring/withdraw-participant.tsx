import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { listMatchesQueryKey, listParticipantsQueryKey, updateParticipantMutation } from '../../api/gen/@tanstack/react-query.gen';
import type { ParticipantRead } from '../../api/gen/types.gen';
import { ifMatch, toApiError } from '../../lib/api';
import { today } from '../../lib/format';
import { Dialog } from '../../components/dialog';

/** Withdraw a participant: they stay on record with the day they left and why. */
export function WithdrawParticipant({ participant, name }: { participant: ParticipantRead; name: string }) {
  const [opened, setOpened] = useState(false);
  const [leftOn, setLeftOn] = useState(today());
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const update = useMutation(updateParticipantMutation());
  const withdraw = async () => {
    setFailure(null);
    try {
      await update.mutateAsync({
        path: { participant_id: participant.id },
        body: { left_on: leftOn, left_reason: reason.trim() || null },
        headers: ifMatch(participant.version),
      });
      void queryClient.invalidateQueries({ queryKey: listParticipantsQueryKey() });
      void queryClient.invalidateQueries({ queryKey: listMatchesQueryKey() });
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: `${name} withdrawn.` });
      setOpened(false);
    } catch (error) {
      const e = toApiError(error);
      setFailure(e.detail ?? e.title);
    }
  };
  return (
    <>
      <Button size="compact-sm" variant="default" color="red" onClick={() => setOpened(true)} aria-label={`Withdraw ${name}`}>
        Withdraw
      </Button>
      <Dialog opened={opened} onClose={() => setOpened(false)} title={`Withdraw ${name}`}>
        <Stack>
          {failure && (
            <Alert color="red" role="alert" title="Not withdrawn">
              {failure}
            </Alert>
          )}
          <Text size="sm">They stay on record, with the day they left, so the programme's figures still count them.</Text>
          <TextInput label="Left on" type="date" required value={leftOn} min={participant.enrolled_on} onChange={(e) => setLeftOn(e.currentTarget.value)} />
          <TextInput label="Reason" maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)} placeholder="Moved schools" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="red" onClick={() => void withdraw()} loading={update.isPending} disabled={!leftOn}>
              Withdraw
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </>
  );
}
