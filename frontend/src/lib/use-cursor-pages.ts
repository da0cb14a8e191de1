import { useState } from 'react';

export type CursorPages = ReturnType<typeof useCursorPages>;

type Pages = { key: string; stack: (string | null)[]; total: number | null };

/**
 * A stack of cursors: index 0 is the first page (no cursor). A new `resetKey` starts over.
 * The total is asked for on the first page only (`includeTotal`) and carried to later pages,
 * so the API counts once per set of filters rather than on every page.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<Pages>({ key: resetKey, stack: [null], total: null });
  const current = state.key === resetKey ? state : { key: resetKey, stack: [null], total: null };
  const { stack } = current;
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    includeTotal: stack.length === 1,
    /** The total to show: this page's if it has one, else the one counted on page 1. */
    total: (fromPage: number | null | undefined) => fromPage ?? current.total,
    next: (cursor: string, total?: number | null) =>
      setState({ key: resetKey, stack: [...stack, cursor], total: total ?? current.total }),
    previous: () =>
      setState({ ...current, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}
