import { notifications, type NotificationData } from '@mantine/notifications';
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

/**
 * What a create or edit page does once its record is saved: put it in the cache (`record`),
 * refresh the lists that show it, say so, and open `to`. Returns the saved record.
 */
export function useAfterSave() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return <T>(
    saved: T,
    { record, list, notice, to }: { record?: QueryKey; list: QueryKey; notice: string | NotificationData; to: string },
  ): T => {
    if (record) queryClient.setQueryData(record, saved);
    void queryClient.invalidateQueries({ queryKey: list });
    notifications.show({ color: 'green', ...(typeof notice === 'string' ? { message: notice } : notice) });
    navigate(to);
    return saved;
  };
}
