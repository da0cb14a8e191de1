import { describe, expect, it } from 'vitest';

import { eventTypeChoices, invalidEventTypes } from './event-types';

describe('webhook event types', () => {
  it('offers every event, any operation, and each resource', () => {
    const choices = eventTypeChoices();
    expect(choices.slice(0, 4)).toEqual(['*', '*.create', '*.update', '*.delete']);
    expect(choices).toContain('schools.*');
    expect(choices).toContain('agreements.update');
    expect(new Set(choices).size).toBe(choices.length);
  });

  it('every choice offered is one the API accepts', () => {
    expect(invalidEventTypes(eventTypeChoices())).toEqual([]);
  });

  it('finds the patterns the API would refuse', () => {
    expect(invalidEventTypes(['schools.*', 'Schools.update', 'schools', '*.*.x', '*.delete'])).toEqual([
      'Schools.update',
      'schools',
      '*.*.x',
    ]);
  });
});
