import { Button, Table } from '@mantine/core';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ReactNode, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { useCursorPages } from '../lib/use-cursor-pages';
import { renderWithProviders } from '../test/render';
import { type Column, DataTable } from './data-table';
import { CursorPager, Pager, totalOf } from './table-parts';

const COLUMNS: (Column | false)[] = [{ label: 'Name', sort: 'name' }, false, { label: 'City' }, { label: 'Actions', hidden: true }];
const row = (name: string) => (
  <Table.Tr key={name}>
    <Table.Td>{name}</Table.Td>
    <Table.Td>Riverside</Table.Td>
    <Table.Td>—</Table.Td>
  </Table.Tr>
);

describe('DataTable', () => {
  it('says it is loading across every shown column, then what is empty with the next step', () => {
    const loadingTable = renderWithProviders(
      <DataTable label="Schools" minWidth={300} columns={COLUMNS} loading="Loading schools…" empty="No schools yet." items={[]} row={row} />,
    );
    const loading = screen.getByRole('cell', { name: 'Loading schools…' });
    expect(loading).toHaveAttribute('colspan', '3');
    loadingTable.unmount();
    renderWithProviders(
      <DataTable label="Schools" minWidth={300} columns={COLUMNS} empty="No schools yet." emptyAction={<Button>New school</Button>} items={[]} row={row} />,
    );
    const table = screen.getByRole('table', { name: 'Schools' });
    expect(within(table).getByText('No schools yet.')).toBeInTheDocument();
    expect(within(table).getByRole('button', { name: 'New school' })).toBeInTheDocument();
  });

  it('draws its rows under headers that sort where the API sorts', async () => {
    const onSort = vi.fn();
    renderWithProviders(
      <DataTable label="Schools" minWidth={300} columns={COLUMNS} sort="name" onSort={onSort} empty="None" items={['Maple', 'Oak']} row={row} />,
    );
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name▲', 'City', 'Actions']);
    expect(screen.getAllByRole('row')).toHaveLength(3);
    await userEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith('-name');
  });
});

type Program = { name: string; kind: string; cadence: number };
const PROGRAMS: Program[] = [{ name: 'Lead', kind: 'coaching', cadence: 14 }];
const programRow = (p: Program, _index: number, folded: ReactNode) => (
  <Table.Tr key={p.name}>
    <Table.Td>
      {p.name}
      {folded}
    </Table.Td>
    <Table.Td visibleFrom="sm">{p.kind}</Table.Td>
    <Table.Td visibleFrom="sm">{p.cadence}</Table.Td>
  </Table.Tr>
);

describe('DataTable fold', () => {
  it('says what its folding columns say under the first cell, inside it, on one line', () => {
    const columns: Column<Program>[] = [
      { label: 'Name' },
      { label: 'Kind', visibleFrom: 'sm', fold: (p) => p.kind },
      { label: 'Cadence', visibleFrom: 'sm', fold: (p) => `every ${p.cadence} days` },
    ];
    renderWithProviders(<DataTable label="Programs" minWidth={300} columns={columns} empty="None" items={PROGRAMS} row={programRow} />);
    const [first, ...rest] = within(screen.getAllByRole('row')[1]).getAllByRole('cell');
    expect(within(first).getByText('coaching · every 14 days')).toBeInTheDocument();
    expect(rest).toHaveLength(2);
  });

  it('folds nothing when no column folds', () => {
    const columns: Column<Program>[] = [{ label: 'Name' }, { label: 'Kind', visibleFrom: 'sm' }, { label: 'Cadence', visibleFrom: 'sm' }];
    renderWithProviders(<DataTable label="Programs" minWidth={300} columns={columns} empty="None" items={PROGRAMS} row={programRow} />);
    const first = within(screen.getAllByRole('row')[1]).getAllByRole('cell')[0];
    expect(first.textContent).toBe('Lead');
  });
});

function PagedList({ pages: given, whenPaged }: { pages: { next_cursor: string | null; total: number }[]; whenPaged?: boolean }) {
  const pages = useCursorPages('list');
  const [shown] = useState(given);
  return <CursorPager pages={pages} page={shown[pages.page - 1]} noun={['school', 'schools']} whenPaged={whenPaged} />;
}

describe('CursorPager', () => {
  it('pages on by cursor and back, keeping the total counted on page 1', async () => {
    renderWithProviders(<PagedList pages={[{ next_cursor: 'c2', total: 60 }, { next_cursor: null, total: 60 }]} />);
    expect(screen.getByText('60 schools · page 1')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('60 schools · page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(screen.getByText('60 schools · page 1')).toBeInTheDocument();
  });

  it('stays out of the way while everything fits on one page, if asked to', () => {
    renderWithProviders(<PagedList pages={[{ next_cursor: null, total: 3 }]} whenPaged />);
    expect(screen.queryByRole('button', { name: 'Next page' })).not.toBeInTheDocument();
  });
});

describe('Pager', () => {
  it('counts the total in the word for one or the word for many, as given', () => {
    const pager = (total: number) => (
      <Pager page={1} hasNext={false} onPrevious={vi.fn()} onNext={vi.fn()} total={total} noun={['contact due', 'contacts due']} />
    );
    const one = renderWithProviders(pager(1));
    expect(screen.getByText('1 contact due · page 1')).toBeInTheDocument();
    one.unmount();
    renderWithProviders(pager(0));
    expect(screen.getByText('0 contacts due · page 1')).toBeInTheDocument();
  });

  it('never guesses a word: an irregular plural is said as given', () => {
    expect(totalOf(1, ['person', 'people'])).toBe('1 person');
    expect(totalOf(1204, ['person', 'people'])).toBe('1,204 people');
  });
});
