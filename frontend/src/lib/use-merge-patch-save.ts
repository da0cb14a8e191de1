import type { UseFormReturnType } from '@mantine/form';
import { type FetchQueryOptions, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { toApiError } from './api';
import { type Change, changedFields, mergePatch, rebase } from './diff';
import { applyProblem } from './form-errors';

type Versioned = { id: string; version: number };

/**
 * Saving a create-or-edit form. A new record sends the whole body; an edit sends only the
 * changed fields (nothing changed: the form is left) with the version it was opened on. A 412
 * becomes `conflict`, what someone else changed meanwhile, which keeps the user's edits on top
 * of the new version or takes it; any other failure lands on its fields, the rest in `failure`.
 */
export function useMergePatchSave<R extends Versioned, V extends object, B extends object, C extends R, E, K extends QueryKey>({
  form,
  record,
  toValues,
  toBody,
  fields,
  latest,
  onSave,
  onCancel,
}: {
  form: UseFormReturnType<V>;
  /** The record as the form opened it; none for a new one. */
  record: R | undefined;
  toValues: (record: R) => V;
  toBody: (values: V) => B;
  /** The form's fields, for placing the API's field errors. */
  fields: readonly string[];
  /** How to read the record's current version (perhaps with more than the form's record holds). */
  latest: (id: string) => FetchQueryOptions<C, E, C, K>;
  onSave: (body: Partial<B>, version: number | undefined) => Promise<unknown>;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(record);
  const [conflict, setConflict] = useState<{ changes: Change[]; current: R } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const body = toBody(values);
    const patch = base ? mergePatch(toBody(toValues(base)), body) : body;
    if (base && Object.keys(patch).length === 0) return onCancel();
    try {
      await onSave(patch, base?.version);
      setConflict(null);
    } catch (error) {
      const e = toApiError(error);
      if (e.status === 412 && base) {
        const current = await queryClient.fetchQuery({ ...latest(base.id), staleTime: 0 });
        setConflict({ changes: changedFields<R>(base, current), current });
        return;
      }
      setFailure(applyProblem(e, form.setFieldError, fields));
    }
  });

  const resolve = (values: V, current: R) => {
    form.setValues(values);
    setBase(current);
    setConflict(null);
  };
  const alert =
    conflict && base
      ? {
          changes: conflict.changes,
          mine: mergePatch(toBody(toValues(base)), toBody(form.getValues())) as Record<string, unknown>,
          onKeepMine: () => resolve(rebase(toValues(base), form.getValues(), toValues(conflict.current)), conflict.current),
          onTakeTheirs: () => {
            resolve(toValues(conflict.current), conflict.current);
            form.resetDirty();
          },
        }
      : null;

  return { submit, failure, conflict: alert };
}
