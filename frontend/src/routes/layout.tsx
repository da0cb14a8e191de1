import { Center, Loader } from '@mantine/core';
import { Suspense } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';

import { Shell } from '../components/app-shell';
import { Loading, Unreachable } from '../components/page-states';
import { useMe, useSession } from '../features/auth/session';

export function Layout() {
  const { status, signOut, retry } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  if (status === 'restoring') {
    return (
      <Center h="100vh" role="status" aria-label="Restoring your session">
        <Loader aria-hidden />
      </Center>
    );
  }
  if (status === 'unreachable') {
    return (
      <main style={{ padding: 24 }}>
        <Unreachable onRetry={retry} />
      </main>
    );
  }
  if (status === 'signed-out') {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
  }
  return (
    <SignedIn
      onSignOut={() => {
        void signOut().then(() => navigate('/sign-in', { replace: true }));
      }}
    />
  );
}

function SignedIn({ onSignOut }: { onSignOut: () => void }) {
  const me = useMe();
  return (
    <Shell
      userName={me.data?.name}
      administers={me.data?.role === 'admin' || me.data?.role === 'district_manager'}
      onSignOut={onSignOut}
    >
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </Shell>
  );
}
