import { Container } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

import { ErrorState, NotFound } from '../components/page-states';

/** A page that failed to load (a chunk after a deploy, or a render error). */
export function RouteError() {
  const error = useRouteError();
  return (
    <Container component="main" py="xl">
      {isRouteErrorResponse(error) && error.status === 404 ? (
        <NotFound />
      ) : (
        <ErrorState error={error} onRetry={() => window.location.reload()} />
      )}
    </Container>
  );
}
