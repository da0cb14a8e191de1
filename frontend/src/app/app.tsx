import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';

import { SessionProvider } from '../features/auth/session';
import { toApiError } from '../lib/api';
import { router } from './router';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retrying a 4xx only delays the message; retry network blips and 5xx once.
      retry: (count, error) => {
        const status = toApiError(error).status;
        return count < 1 && (status === 0 || status >= 500);
      },
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" limit={3} autoClose={3000} />
      <QueryClientProvider client={queryClient}>
        <SessionProvider queryClient={queryClient}>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
