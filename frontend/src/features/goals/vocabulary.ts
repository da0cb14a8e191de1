import type { Direction, GoalArea, GoalStatus, NotComputed, ServiceCategory } from '../../api/gen/types.gen';

export const GOAL_AREAS: GoalArea[] = [
  'math', 'ela', 'science', 'attendance', 'sel_wellbeing', 'family_engagement', 'physical_health',
  'college_career', 'school_climate', 'staff_development', 'other',
];
export const GOAL_STATUSES: GoalStatus[] = ['draft', 'active', 'achieved', 'missed', 'dropped'];
export const DIRECTIONS: Direction[] = ['increase', 'decrease'];
export const SERVICE_CATEGORIES: ServiceCategory[] = [
  'tutoring', 'mentoring', 'after_school', 'health', 'mental_health', 'family_engagement',
  'college_career', 'enrichment', 'physical_activity', 'professional_development', 'funding', 'other',
];

const AREA_LABELS: Partial<Record<GoalArea, string>> = {
  ela: 'English language arts',
  sel_wellbeing: 'SEL and wellbeing',
};

export function areaLabel(area: GoalArea): string {
  return AREA_LABELS[area] ?? area.charAt(0).toUpperCase() + area.slice(1).replace(/_/g, ' ');
}

/** Why a figure could not be computed, in words a coordinator can act on. */
export const NOT_COMPUTED: Record<NotComputed, string> = {
  no_readings: 'No readings yet',
  no_baseline: 'No baseline set',
  no_target: 'No target set',
  baseline_equals_target: 'Baseline equals target',
  reading_before_baseline: 'Latest reading is before the baseline date',
};

/** `2026-27` for the school year that holds `now` (a year runs August to July). */
export function currentSchoolYear(now: Date = new Date()): string {
  const first = now.getMonth() >= 7 ? now.getFullYear() : now.getFullYear() - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** The current year, two before it and one after, newest first. */
export function schoolYearChoices(now: Date = new Date()): string[] {
  const first = Number(currentSchoolYear(now).slice(0, 4));
  return [first + 1, first, first - 1, first - 2].map((y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`);
}
