/**
 * What a webhook can subscribe to: `resource.operation` patterns, `*` for any part. The
 * pattern is the API's own (WebhookCreate.event_types); the resources are the change feed's.
 */
export const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]{0,62}\.(\*|[a-z]{1,16}))$|^\*\.[a-z]{1,16}$/;

export const FEED_RESOURCES = [
  'districts', 'schools', 'people', 'role_assignments', 'partners', 'agreements', 'interactions',
  'action_items', 'goals', 'measurements', 'alignments', 'mentoring_programs',
  'mentoring_program_schools', 'mentoring_participants', 'mentoring_matches', 'mentoring_check_ins',
  'mentoring_surveys', 'mentoring_survey_responses', 'mentoring_reviews',
] as const;

const OPERATIONS = ['create', 'update', 'delete'] as const;

/** The choices offered in the form: everything, any operation, then each resource. */
export function eventTypeChoices(): string[] {
  return ['*', ...OPERATIONS.map((op) => `*.${op}`), ...FEED_RESOURCES.flatMap((r) => [`${r}.*`, ...OPERATIONS.map((op) => `${r}.${op}`)])];
}

/** The patterns the API would refuse, so the form can say so before sending. */
export function invalidEventTypes(patterns: readonly string[]): string[] {
  return patterns.filter((p) => !EVENT_PATTERN.test(p));
}
