import { Alert, Anchor, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { ApiError, toApiError } from '../lib/api';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="md" aria-hidden />
      <Text ml="sm">{label}…</Text>
    </Center>
  );
}

function Explain({
  title,
  children,
  action,
}: {
  title: string;
  children: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <Stack align="flex-start" gap="sm" py="xl" maw={560}>
      <Title order={1}>{title}</Title>
      <Text>{children}</Text>
      {action}
    </Stack>
  );
}

const homeLink = (
  <Anchor component={Link} to="/">
    Go to the home page
  </Anchor>
);

export function NotFound() {
  return (
    <Explain title="Not found" action={homeLink}>
      There is nothing here, or it is outside the schools and partners you can see.
    </Explain>
  );
}

export function Forbidden() {
  return (
    <Explain title="Not allowed" action={homeLink}>
      Your role does not allow this. Ask a district administrator if you need it.
    </Explain>
  );
}

export function Unreachable({ onRetry }: { onRetry?: () => void }) {
  return (
    <Explain
      title="The Trellis API is unreachable"
      action={
        <Button onClick={onRetry ?? (() => window.location.reload())}>Try again</Button>
      }
    >
      The web client could not reach the API. Check your connection; if it persists, the service
      may be down for maintenance.
    </Explain>
  );
}

/** A failed query, explained by its status. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!(error instanceof ApiError)) {
    // A bug on this page, not the API: say so rather than blame the network.
    return (
      <Explain title="Something went wrong on this page" action={<Button onClick={() => window.location.reload()}>Reload</Button>}>
        {error instanceof Error ? error.message : 'An unexpected error stopped this page.'}
      </Explain>
    );
  }
  const e = toApiError(error);
  if (e.unreachable) return <Unreachable onRetry={onRetry} />;
  if (e.status === 404) return <NotFound />;
  if (e.status === 403) return <Forbidden />;
  return (
    <Alert color="red" title={e.title} role="alert" my="md">
      {e.detail ?? `The request failed (HTTP ${e.status}).`}
      {onRetry && (
        <Button variant="white" color="red" size="xs" ml="sm" onClick={onRetry}>
          Retry
        </Button>
      )}
    </Alert>
  );
}
