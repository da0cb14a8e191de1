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

export const STATUS_COLOR: Record<JobStatus, string> = {
  queued: 'gray',
  running: 'blue',
  dry_run_ready: 'violet',
  succeeded: 'green',
  failed: 'red',
  refused: 'orange',
  cancelled: 'gray',
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
