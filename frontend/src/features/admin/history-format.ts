import type { EventRead } from '../../api/gen/types.gen';
import { humanize } from '../../lib/format';

export type FieldChange = { field: string; before: string; after: string };

const OPERATIONS: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  visible: 'Came into your view',
};

export function operationLabel(operation: string): string {
  return OPERATIONS[operation] ?? humanize(operation);
}

/** A changed value as one line of text: nothing is a dash, lists and objects are JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The feed's `{field: [before, after]}`, field by field in name order. */
export function fieldChanges(changes: EventRead['changes']): FieldChange[] {
  if (!changes) return [];
  return Object.keys(changes)
    .sort()
    .map((field) => {
      const pair = changes[field];
      const [before, after] = Array.isArray(pair) && pair.length === 2 ? pair : [undefined, pair];
      return { field: humanize(field), before: valueText(before), after: valueText(after) };
    });
}

/** `user:<id>` -> the account's name where known; API clients and unknown accounts by kind. */
export function actorLabel(actor: string, names: ReadonlyMap<string, string>): string {
  const [kind, id] = actor.includes(':') ? actor.split(':', 2) : ['', actor];
  const name = names.get(id);
  if (name) return name;
  if (kind === 'user') return 'A user';
  if (kind === 'client') return 'An API client';
  return actor || 'The system';
}

/** The newest change first, as people read a history. */
export function newestFirst(events: readonly EventRead[]): EventRead[] {
  return [...events].sort((a, b) => b.seq - a.seq);
}

/** A moment as the reader's local date and time. */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
