import type { WebhookEventTypes } from '../../api/gen/types.gen';

/**
 * The choices offered in the form, from the API's own list (`GET /webhooks/event-types`):
 * everything, any resource for each operation, then each resource whole and by operation.
 */
export function eventTypeChoices(types: WebhookEventTypes | undefined): string[] {
  if (!types) return [];
  const { resources, operations } = types;
  return ['*', ...operations.map((op) => `*.${op}`), ...resources.flatMap((r) => [`${r}.*`, ...operations.map((op) => `${r}.${op}`)])];
}

/** The patterns the API would refuse, by the pattern it publishes; none until that is known. */
export function invalidEventTypes(patterns: readonly string[], types: WebhookEventTypes | undefined): string[] {
  if (!types) return [];
  const pattern = new RegExp(types.pattern);
  return patterns.filter((p) => !pattern.test(p));
}
