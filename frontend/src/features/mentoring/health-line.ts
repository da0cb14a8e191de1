import type { MatchRead } from '../../api/gen/types.gen';
import { formatDate } from '../../lib/format';

/** One sentence on when an active pair last met and when it should next. */
export function healthLine(m: MatchRead): string {
  if (m.status !== 'active') return '';
  if (m.health === 'too_early') return `Started ${formatDate(m.started_on)}; the first check-in is due by ${formatDate(m.next_check_in_due)}.`;
  if (!m.next_check_in_due) return '';
  const overdue = m.health === 'needs_check_in';
  const cadence = `every ${m.cadence_days} days`;
  if (!overdue) return `Next check-in due by ${formatDate(m.next_check_in_due)} (${cadence}).`;
  const last = m.days_since_check_in == null ? 'No check-in yet' : `The last check-in was ${m.days_since_check_in} days ago`;
  return `${last}; one was due by ${formatDate(m.next_check_in_due)} (${cadence}).`;
}
