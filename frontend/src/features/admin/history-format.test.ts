import { describe, expect, it } from 'vitest';

import type { EventRead } from '../../api/gen/types.gen';
import { actorLabel, fieldChanges, newestFirst, operationLabel, valueText } from './history-format';

const event = (seq: number): EventRead =>
  ({ seq, occurred_at: '2026-01-01T00:00:00Z', actor: 'user:1', resource: 'schools', resource_id: 'x', operation: 'update', version: seq }) as EventRead;

describe('record history', () => {
  it('lists each changed field with its value before and after, by name', () => {
    expect(fieldChanges({ notes: [null, 'Mornings'], enrollment: [400, 412] })).toEqual([
      { field: 'Enrollment', before: '400', after: '412' },
      { field: 'Notes', before: '—', after: 'Mornings' },
    ]);
  });

  it('shows no changes when the event carries none', () => {
    expect(fieldChanges(null)).toEqual([]);
    expect(fieldChanges(undefined)).toEqual([]);
  });

  it('writes lists and flags as text', () => {
    expect(valueText(['a', 'b'])).toBe('["a","b"]');
    expect(valueText(false)).toBe('false');
    expect(valueText('')).toBe('—');
  });

  it('names the account when known, and its kind when not', () => {
    const names = new Map([['1', 'Ada Admin']]);
    expect(actorLabel('user:1', names)).toBe('Ada Admin');
    expect(actorLabel('user:2', names)).toBe('A user');
    expect(actorLabel('client:3', names)).toBe('An API client');
    expect(actorLabel('demo', names)).toBe('demo');
  });

  it('puts the newest change first without reordering the input', () => {
    const events = [event(1), event(3), event(2)];
    expect(newestFirst(events).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(events.map((e) => e.seq)).toEqual([1, 3, 2]);
  });

  it('says what each operation did', () => {
    expect(operationLabel('create')).toBe('Created');
    expect(operationLabel('visible')).toBe('Came into your view');
    expect(operationLabel('merge_into')).toBe('Merge into');
  });
});
