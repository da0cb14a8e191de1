import { useState } from 'react';

/** A stack of cursors: index 0 is the first page (no cursor). A new `resetKey` starts over. */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({
    key: resetKey,
    stack: [null],
  });
  const stack = state.key === resetKey ? state.stack : [null];
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}
