import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { Dialog } from '../../components/dialog';

export type ShownSecret = { title: string; label: string; secret: string; id?: string };

/** A secret the API shows once: copy it now, it cannot be read again. */
export function SecretModal({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <Dialog opened={shown !== null} onClose={onClose} title={shown?.title} size="lg" closeOnClickOutside={false}>
      {shown && (
        <Stack gap="sm">
          <Alert color="yellow" title="Shown only once" role="alert">
            Copy the secret now and keep it somewhere safe. Trellis keeps only a hash of it: once this window
            closes nobody can show it again, and a lost secret must be rotated.
          </Alert>
          {shown.id && (
            <Text size="sm">
              Client id: <Code data-testid="shown-client-id">{shown.id}</Code>
            </Text>
          )}
          <Text size="sm" fw={600} id="shown-secret-label">
            {shown.label}
          </Text>
          <Code block aria-labelledby="shown-secret-label" data-testid="shown-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {shown.secret}
          </Code>
          <Group justify="space-between">
            <CopyButton value={shown.secret}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? 'Copied' : 'Copy the secret'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Stack>
      )}
    </Dialog>
  );
}
