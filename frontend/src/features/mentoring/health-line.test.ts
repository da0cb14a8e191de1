import { describe, expect, it } from 'vitest';

import type { MatchRead } from '../../api/gen/types.gen';
import { healthLine } from './health-line';

const pair: MatchRead = {
  cadence_days: 14,
  check_in_count: 0,
  created_at: '2026-11-04T00:00:00Z',
  days_since_check_in: null,
  end_reason: null,
  ended_on: null,
  health: 'needs_check_in',
  id: 'm',
  last_check_in_on: null,
  mentee_id: 'b',
  mentor_id: 'a',
  next_check_in_due: '2026-11-18',
  program_id: 'p',
  started_on: '2026-11-04',
  status: 'active',
  updated_at: '2026-11-04T00:00:00Z',
  version: 1,
};

describe('healthLine', () => {
  it('says an overdue pair never met rather than counting days from nothing', () => {
    const line = healthLine(pair);
    expect(line).toMatch(/^No check-in yet; one was due by /);
    expect(line).not.toContain('null');
  });
  it('counts the days since the last check-in of an overdue pair', () => {
    expect(healthLine({ ...pair, days_since_check_in: 20, last_check_in_on: '2026-11-14' })).toMatch(
      /^The last check-in was 20 days ago; one was due by .* \(every 14 days\)\.$/,
    );
  });
  it('gives the next due date of a pair on track, and nothing for an ended one', () => {
    expect(healthLine({ ...pair, health: 'on_track' })).toMatch(/^Next check-in due by /);
    expect(healthLine({ ...pair, status: 'completed' })).toBe('');
  });
});
