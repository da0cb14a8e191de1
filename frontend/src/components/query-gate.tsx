import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { ErrorState, Loading } from './page-states';

/**
 * A page's record: "Loading …" while it comes, the failure explained (not found, not allowed,
 * unreachable) when it does not, and otherwise `children` with the record.
 */
export function QueryGate<T>({
  query,
  loading,
  retry = false,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  loading: string;
  /** Offer to ask again after a failure. */
  retry?: boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loading} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={retry ? () => void query.refetch() : undefined} />;
  return children(query.data);
}
