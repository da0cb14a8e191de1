import { Center, Loader, Paper, Text, Title } from '@mantine/core';
import { Navigate, useNavigate, useSearchParams } from 'react-router';

import { Unreachable } from '../components/page-states';
import { SignInForm } from '../features/auth/sign-in-form';
import { useSession } from '../features/auth/session';
import { usePageTitle } from '../lib/page-title';

function safeNext(next: string | null): string {
  // Only paths inside this app: never an open redirect to another origin.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function Component() {
  usePageTitle('Sign in');
  const { status, signIn, retry } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));

  if (status === 'restoring')
    return (
      <Center h="100vh" role="status" aria-label="Restoring your session">
        <Loader aria-hidden />
      </Center>
    );
  if (status === 'signed-in') return <Navigate to={next} replace />;

  return (
    <Center component="main" mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Title order={1} mb={4}>
          Trellis
        </Title>
        <Text mb="lg">Sign in to manage your school–community partnerships.</Text>
        {status === 'unreachable' ? (
          <Unreachable onRetry={retry} />
        ) : (
          <SignInForm
            onSignIn={async ({ email, password }) => {
              await signIn(email, password);
              navigate(next, { replace: true });
            }}
          />
        )}
      </Paper>
    </Center>
  );
}
