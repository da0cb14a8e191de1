/** The straight line from baseline to target that "on track" is judged against. */
export type Trajectory = {
  baselineDate: string;
  baselineValue: number;
  targetDate: string;
  targetValue: number;
};

const DAY = 86_400_000;

export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function trajectoryOf(goal: {
  baseline_date?: string | null;
  baseline_value?: number | null;
  target_date?: string | null;
  target_value?: number | null;
}): Trajectory | null {
  const { baseline_date, baseline_value, target_date, target_value } = goal;
  if (baseline_date == null || baseline_value == null || target_date == null || target_value == null) return null;
  if (dayNumber(target_date) <= dayNumber(baseline_date)) return null;
  return { baselineDate: baseline_date, baselineValue: baseline_value, targetDate: target_date, targetValue: target_value };
}

/** Where the straight line stands on `isoDate` (clamped to its two ends). */
export function expectedOn(line: Trajectory, isoDate: string): number {
  const start = dayNumber(line.baselineDate);
  const end = dayNumber(line.targetDate);
  const share = Math.min(1, Math.max(0, (dayNumber(isoDate) - start) / (end - start)));
  return line.baselineValue + share * (line.targetValue - line.baselineValue);
}

/** A reading is ahead of the line when it has moved further in the goal's direction. */
export function isAhead(value: number, expected: number, direction: 'increase' | 'decrease'): boolean {
  return direction === 'increase' ? value >= expected : value <= expected;
}
