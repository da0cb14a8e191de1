import type { AlignedAgreement, GoalSummary } from '../../../api/gen/types.gen';

/**
 * How much of each list the printed summary shows: with these caps a school with any number of
 * goals, partners and contacts still prints on two A4 or Letter pages (the print spec checks it).
 */
export const SUMMARY_CAPS = {
  contacts: 6,
  goals: 10,
  aligned: 3,
  gaps: 6,
  partners: 12,
} as const;

export type Capped<T> = { shown: T[]; more: number };

export function cap<T>(items: readonly T[], max: number): Capped<T> {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** "and 3 more goals", or nothing when the whole list is shown. */
export function andMore(more: number, noun: string, plural = `${noun}s`): string | null {
  if (more <= 0) return null;
  return `and ${more} more ${more === 1 ? noun : plural}`;
}

/** A goal's supporters, live agreements first (the API already orders them by strength). */
export function supporters(goal: Pick<GoalSummary, 'aligned'>, max: number = SUMMARY_CAPS.aligned): Capped<AlignedAgreement> {
  const live = goal.aligned.filter((a) => a.active);
  const other = goal.aligned.filter((a) => !a.active);
  return cap([...live, ...other], max);
}
