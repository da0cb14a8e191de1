import { Anchor, Table } from '@mantine/core';

import type { PersonRead } from '../../api/gen/types.gen';
import { VerifyCell } from './verify-cell';

/** A contact table's last cells for one person: email (a mail link), phone, and when last verified. */
export function ContactCells({ person }: { person: PersonRead }) {
  return (
    <>
      <Table.Td>{person.email ? <Anchor href={`mailto:${person.email}`}>{person.email}</Anchor> : '—'}</Table.Td>
      <Table.Td className="nowrap">{person.phone ?? '—'}</Table.Td>
      <Table.Td className="nowrap">
        <VerifyCell person={person} />
      </Table.Td>
    </>
  );
}
