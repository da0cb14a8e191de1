import { Title } from '@mantine/core';
import type { ReactNode } from 'react';

import { usePageTitle } from '../lib/page-title';

/** A page that is one form: its title names the tab and heads the page. */
export function FormPage({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <>
      <Title order={1} mb="md">
        {title}
      </Title>
      {children}
    </>
  );
}
