import { describe, expect, it } from 'vitest';

import type { WebhookEventTypes } from '../../api/gen/types.gen';
import { eventTypeChoices, invalidEventTypes } from './event-types';

// As the API answers GET /webhooks/event-types, cut to two resources.
const TYPES: WebhookEventTypes = {
  resources: ['schools', 'agreements'],
  operations: ['create', 'update', 'delete', 'visible'],
  pattern: '^(\\*|[a-z][a-z0-9_]{0,62}\\.(\\*|[a-z]{1,16}))$|^\\*\\.[a-z]{1,16}$',
};

describe('webhook event types', () => {
  it('offers every event, any resource by operation, and each resource the API lists', () => {
    const choices = eventTypeChoices(TYPES);
    expect(choices.slice(0, 5)).toEqual(['*', '*.create', '*.update', '*.delete', '*.visible']);
    expect(choices).toContain('schools.*');
    expect(choices).toContain('agreements.update');
    expect(choices).not.toContain('goals.*');
    expect(choices).toHaveLength(1 + 4 + 2 * 5);
    expect(new Set(choices).size).toBe(choices.length);
  });

  it('offers nothing before the API has said what there is', () => {
    expect(eventTypeChoices(undefined)).toEqual([]);
    expect(invalidEventTypes(['Schools'], undefined)).toEqual([]);
  });

  it('every choice offered is one the API accepts', () => {
    expect(invalidEventTypes(eventTypeChoices(TYPES), TYPES)).toEqual([]);
  });

  it('finds the patterns the API would refuse, by its published pattern', () => {
    expect(invalidEventTypes(['schools.*', 'Schools.update', 'schools', '*.*.x', '*.delete'], TYPES)).toEqual([
      'Schools.update',
      'schools',
      '*.*.x',
    ]);
  });
});
