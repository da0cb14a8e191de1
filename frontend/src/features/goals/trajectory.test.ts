import { describe, expect, it } from 'vitest';

import { currentSchoolYear, schoolYearChoices } from './vocabulary';
import { expectedOn, isAhead, trajectoryOf } from './trajectory';

const line = { baselineDate: '2026-09-01', baselineValue: 40, targetDate: '2027-06-01', targetValue: 58 };

describe('expectedOn', () => {
  it('is the baseline at the start and the target at the end', () => {
    expect(expectedOn(line, '2026-09-01')).toBe(40);
    expect(expectedOn(line, '2027-06-01')).toBe(58);
  });
  it('moves in a straight line between them', () => {
    // 2027-01-15 is 136 of the 273 days.
    expect(expectedOn(line, '2027-01-15')).toBeCloseTo(40 + (18 * 136) / 273, 9);
  });
  it('stays at the ends outside the line', () => {
    expect(expectedOn(line, '2026-01-01')).toBe(40);
    expect(expectedOn(line, '2028-01-01')).toBe(58);
  });
  it('works downhill for a decrease goal', () => {
    const down = { ...line, baselineValue: 20, targetValue: 10 };
    expect(expectedOn(down, '2027-06-01')).toBe(10);
    expect(isAhead(12, expectedOn(down, '2027-06-01'), 'decrease')).toBe(false);
    expect(isAhead(9, 10, 'decrease')).toBe(true);
  });
});

describe('trajectoryOf', () => {
  it('needs both ends, the target after the baseline', () => {
    expect(trajectoryOf({ baseline_date: '2026-09-01', baseline_value: 1, target_date: null, target_value: 2 })).toBeNull();
    expect(trajectoryOf({ baseline_date: '2026-09-01', baseline_value: 1, target_date: '2026-09-01', target_value: 2 })).toBeNull();
    expect(trajectoryOf({ baseline_date: '2026-09-01', baseline_value: 0, target_date: '2027-06-01', target_value: 2 })).not.toBeNull();
  });
});

describe('school years', () => {
  it('turns over in August', () => {
    expect(currentSchoolYear(new Date(2026, 6, 31))).toBe('2025-26');
    expect(currentSchoolYear(new Date(2026, 7, 1))).toBe('2026-27');
    expect(currentSchoolYear(new Date(2099, 9, 1))).toBe('2099-00');
    expect(schoolYearChoices(new Date(2026, 9, 1))).toEqual(['2027-28', '2026-27', '2025-26', '2024-25']);
  });
});
