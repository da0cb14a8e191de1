import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '../test/render';
import { Dialog } from './dialog';

/** A caller that clears what the title is made from as it closes, as the admin panels do. */
function Caller({ side = false }: { side?: boolean }) {
  const [subject, setSubject] = useState<string | null>('Dana Lakeview');
  return (
    <Dialog side={side} opened={subject !== null} onClose={() => setSubject(null)} title={subject && `Deactivate ${subject}?`}>
      <button type="button">Deactivate</button>
    </Dialog>
  );
}

describe('Dialog', () => {
  it.each([false, true])('is a dialog named by its title, with a named close button (side %s)', async (side) => {
    renderWithProviders(<Caller side={side} />);
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Dana Lakeview?' });
    expect(dialog).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Close dialog' })).toBeInTheDocument();
    // The action's own button is the only one its name finds.
    expect(screen.getAllByRole('button', { name: /Deactivate/ })).toHaveLength(1);
  });

  it('keeps its name while it closes, after the caller has cleared the title', async () => {
    renderWithProviders(<Caller />);
    await userEvent.click(await screen.findByRole('button', { name: 'Close dialog' }));
    // Still on screen as it animates out, and still named.
    const closing = screen.getAllByRole('dialog', { hidden: true });
    expect(closing).toHaveLength(1);
    expect(closing[0]).toHaveAccessibleName('Deactivate Dana Lakeview?');
    await waitFor(() => expect(screen.queryAllByRole('dialog', { hidden: true })).toHaveLength(0));
  });
});
