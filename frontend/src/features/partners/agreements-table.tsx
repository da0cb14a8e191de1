import { Anchor, Box, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';

import { listAgreementsOptions } from '../../api/gen/@tanstack/react-query.gen';
import type { ListAgreementsData } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState } from '../../components/page-states';
import { CursorPager } from '../../components/table-parts';
import { formatDate } from '../../lib/format';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { StatusBadge } from './labels';
import { usePartnerNames } from './use-partner-names';

type Query = NonNullable<ListAgreementsData['query']>;

export function AgreementsTable({
  filters,
  sort = 'end_date',
  onSort,
  label = 'Agreements',
  pageSize = 25,
  empty = 'No agreements.',
  emptyAction,
  showPartner = true,
}: {
  filters: Query;
  sort?: string;
  onSort?: (sort: string) => void;
  label?: string;
  pageSize?: number;
  empty?: string;
  emptyAction?: React.ReactNode;
  /** False where every row is the same partner's, e.g. on that partner's page. */
  showPartner?: boolean;
}) {
  const pages = useCursorPages(JSON.stringify([filters, sort]));
  const agreements = useQuery({
    ...listAgreementsOptions({
      query: { ...filters, sort, limit: pageSize, include_total: pages.includeTotal, cursor: pages.cursor },
    }),
    placeholderData: keepPreviousData,
  });
  const partnerNames = usePartnerNames(showPartner ? (agreements.data?.items ?? []).map((a) => a.partner_id) : []);
  if (agreements.isError) return <ErrorState error={agreements.error} onRetry={() => void agreements.refetch()} />;
  const items = agreements.data?.items ?? [];
  return (
    <>
      <DataTable
        label={label}
        minWidth={320}
        striped
        aria-busy={agreements.isFetching}
        columns={[
          { label: 'Title', sort: 'title' },
          showPartner && { label: 'Partner', visibleFrom: 'sm' },
          { label: 'Status', visibleFrom: 'sm' },
          { label: 'Starts', sort: 'start_date', visibleFrom: 'md' },
          { label: 'Ends', sort: 'end_date' },
          { label: 'Check-ins', visibleFrom: 'sm' },
        ]}
        sort={sort}
        onSort={onSort}
        loading={agreements.isPending && 'Loading agreements…'}
        empty={empty}
        emptyAction={emptyAction}
        items={items}
        row={(a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <Anchor component={Link} to={`/agreements/${a.id}`}>
                {a.title}
              </Anchor>
              {a.reference_code && (
                <Text span size="sm" c="dimmed" ml={6} className="nowrap">
                  {a.reference_code}
                </Text>
              )}
              {/* Phones fold partner and status under the title, so the end date stays in view. */}
              {showPartner && (
                <Text size="sm" hiddenFrom="sm">
                  {partnerNames.get(a.partner_id)}
                </Text>
              )}
              <Box hiddenFrom="sm" mt={4}>
                <StatusBadge status={a.status} />
              </Box>
            </Table.Td>
            {showPartner && (
              <Table.Td visibleFrom="sm">
                <Anchor component={Link} to={`/partners/${a.partner_id}`}>
                  {partnerNames.get(a.partner_id)}
                </Anchor>
              </Table.Td>
            )}
            <Table.Td visibleFrom="sm">
              <StatusBadge status={a.status} />
            </Table.Td>
            <Table.Td visibleFrom="md" className="nowrap">
              {formatDate(a.start_date)}
            </Table.Td>
            <Table.Td className="nowrap">{formatDate(a.end_date)}</Table.Td>
            <Table.Td visibleFrom="sm" className="nowrap">
              {a.health.overdue ? (
                <Text span c="red.9" fw={600} size="sm">
                  Overdue
                </Text>
              ) : a.health.last_interaction_on ? (
                <Text span size="sm">
                  Last {formatDate(a.health.last_interaction_on)}
                </Text>
              ) : (
                '—'
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <CursorPager pages={pages} page={agreements.data} noun={['agreement', 'agreements']} whenPaged />
    </>
  );
}
