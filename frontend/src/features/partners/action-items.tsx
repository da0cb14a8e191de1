import { Anchor, Checkbox, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import {
  getAgreementQueryKey,
  listActionItemsOptions,
  listActionItemsQueryKey,
  listInteractionsQueryKey,
  updateActionItemMutation,
} from '../../api/gen/@tanstack/react-query.gen';
import type { ActionItemRead, ListActionItemsData } from '../../api/gen/types.gen';
import { DataTable } from '../../components/data-table';
import { ErrorState } from '../../components/page-states';
import { ifMatch, toApiError } from '../../lib/api';
import { formatDate, today } from '../../lib/format';
import { usePeopleNames } from './use-people';

export function DoneCheckbox({ item }: { item: ActionItemRead }) {
  const queryClient = useQueryClient();
  const update = useMutation({
    ...updateActionItemMutation(),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: listActionItemsQueryKey() });
      void queryClient.invalidateQueries({ queryKey: listInteractionsQueryKey({ path: { agreement_id: item.agreement_id } }) });
      void queryClient.invalidateQueries({ queryKey: getAgreementQueryKey({ path: { agreement_id: item.agreement_id } }) });
    },
    onError: (error) => {
      const e = toApiError(error);
      void queryClient.invalidateQueries({ queryKey: listActionItemsQueryKey() });
      notifications.show({
        color: 'red',
        title: 'Not saved',
        message: e.status === 412 ? 'Someone changed this item meanwhile; it has been reloaded.' : e.message,
      });
    },
  });
  return (
    <Checkbox
      checked={item.done}
      disabled={update.isPending}
      aria-label={`Done: ${item.text}`}
      onChange={(e) =>
        update.mutate({ path: { item_id: item.id }, body: { done: e.currentTarget.checked }, headers: ifMatch(item.version) })
      }
    />
  );
}

/** A worklist of action items; `showAgreement` adds a link to each item's agreement. */
export function ActionItemsTable({
  filters,
  label,
  empty,
  emptyAction,
  showAgreement = false,
  limit = 50,
}: {
  filters: NonNullable<ListActionItemsData['query']>;
  label: string;
  empty: string;
  emptyAction?: React.ReactNode;
  showAgreement?: boolean;
  limit?: number;
}) {
  const items = useQuery(listActionItemsOptions({ query: { ...filters, limit, sort: 'due_date' } }));
  const owners = usePeopleNames((items.data?.items ?? []).map((i) => i.owner_id));
  if (items.isError) return <ErrorState error={items.error} />;
  const rows = items.data?.items ?? [];
  return (
    <DataTable
      label={label}
      minWidth={320}
      columns={[
        { label: 'Done', w: 60 },
        { label: 'Action item' },
        { label: 'Owner', visibleFrom: 'sm' },
        { label: 'Due' },
        showAgreement && { label: 'Agreement' },
      ]}
      loading={items.isPending && 'Loading action items…'}
      empty={empty}
      emptyAction={emptyAction}
      items={rows}
      row={(i) => (
        <Table.Tr key={i.id}>
          <Table.Td>
            <DoneCheckbox item={i} />
          </Table.Td>
          <Table.Td>{i.text}</Table.Td>
          <Table.Td visibleFrom="sm">{i.owner_id ? owners.get(i.owner_id) : '—'}</Table.Td>
          <Table.Td>
            {i.due_date && !i.done && i.due_date < today() ? (
              <Text span c="red.9" fw={600} size="sm">
                {formatDate(i.due_date)} (overdue)
              </Text>
            ) : (
              formatDate(i.due_date)
            )}
          </Table.Td>
          {showAgreement && (
            <Table.Td>
              <Anchor component={Link} to={`/agreements/${i.agreement_id}`}>
                Open agreement
              </Anchor>
            </Table.Td>
          )}
        </Table.Tr>
      )}
    />
  );
}
