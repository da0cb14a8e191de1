import type { JobStatus } from '../../api/gen/types.gen';

export const KIND_LABEL: Record<string, string> = {
  oneroster: 'OneRoster zip',
  nces: 'NCES directory CSV',
  measurements: 'Goal measurements CSV',
  matches: 'Mentoring matches CSV',
};

export const STATUS_LABEL: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  dry_run_ready: 'Dry run ready',
  succeeded: 'Succeeded',
  failed: 'Failed',
  refused: 'Refused',
  cancelled: 'Cancelled',
};

// Dark shades on an outline badge keep the label at AA contrast.
export const STATUS_COLOR: Record<JobStatus, string> = {
  queued: 'gray.8',
  running: 'blue.9',
  dry_run_ready: 'violet.9',
  succeeded: '#1e6b30',
  failed: 'red.9',
  refused: '#a63c06',
  cancelled: 'gray.8',
};

/** Statuses the worker has yet to finish: the job page polls while it is in one. */
export const IN_PROGRESS: readonly JobStatus[] = ['queued', 'running'];

export const ACTION_LABEL: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  deactivate: 'Deactivate',
  would_deactivate: 'Would deactivate',
  kept_edited: 'Kept as edited',
};

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}
