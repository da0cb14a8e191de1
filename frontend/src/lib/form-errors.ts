import { ApiError, toApiError } from './api';

/**
 * Puts a problem+json's field errors next to the fields they name; returns the message for
 * whatever no field on this form can show (or null when every error found its field).
 */
export function applyProblem(
  error: unknown,
  setFieldError: (path: string, message: string) => void,
  fields: readonly string[],
): string | null {
  const e: ApiError = toApiError(error);
  const byField = e.fieldErrors();
  const leftover: string[] = [];
  for (const [path, message] of Object.entries(byField)) {
    const field = fields.find((f) => path === f || path.startsWith(`${f}.`));
    if (field) setFieldError(path === field ? field : path, message);
    else leftover.push(`${path}: ${message}`);
  }
  if (Object.keys(byField).length > 0 && leftover.length === 0) return null;
  if (leftover.length > 0) return leftover.join('; ');
  return e.detail ?? e.title;
}
