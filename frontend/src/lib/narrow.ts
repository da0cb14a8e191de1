import { useMediaQuery } from '@mantine/hooks';

/** Phone width (below Mantine's `sm`), read on the first render so a phone sees no desktop flash. */
export function useNarrow(): boolean {
  return useMediaQuery('(max-width: 47.99em)', undefined, { getInitialValueInEffect: false }) ?? false;
}
