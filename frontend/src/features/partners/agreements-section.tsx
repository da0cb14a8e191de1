import { Button } from '@mantine/core';
import type { ComponentProps } from 'react';
import { Link } from 'react-router';

import { Section } from '../../components/section';
import { AgreementsTable } from './agreements-table';

/** A school's or partner's agreements, and a button to draft one (`draft`: what the new form starts with). */
export function AgreementsSection({ draft, ...table }: { draft: string } & ComponentProps<typeof AgreementsTable>) {
  return (
    <Section
      title="Agreements"
      action={
        <Button size="xs" component={Link} to={`/agreements/new?${draft}`}>
          New agreement
        </Button>
      }
    >
      <AgreementsTable {...table} />
    </Section>
  );
}
