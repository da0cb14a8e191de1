import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/** On a phone a row's actions sit under its name, where a scrolled-off column would hide them. */
export function PhoneActions({ children }: { children: ReactNode }) {
  return (
    <Box hiddenFrom="sm" mt={6}>
      {children}
    </Box>
  );
}
