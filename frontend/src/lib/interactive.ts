import { useEffect, useRef } from 'react';

/**
 * Sets the Performance API mark `trellis:<page>-interactive` once, after the first commit where
 * `ready` holds and `stillLoading` (read after the commit, when children have started their
 * queries) does not: the speed bench reads its start time as the page's time-to-interactive.
 */
export function useInteractiveMark(page: string, ready: boolean, stillLoading: () => boolean = () => false) {
  const marked = useRef(false);
  useEffect(() => {
    if (ready && !marked.current && !stillLoading()) {
      marked.current = true;
      performance.mark(`trellis:${page}-interactive`);
    }
  });
}
