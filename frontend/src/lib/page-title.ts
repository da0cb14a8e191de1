import { useEffect } from 'react';

/** Names the browser tab after the page, so tabs and history entries can be told apart. */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Trellis` : 'Trellis';
  }, [title]);
}
