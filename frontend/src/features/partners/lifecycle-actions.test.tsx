import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { AgreementRead } from '../../api/gen/types.gen';
import { renderWithProviders } from '../../test/render';
import { LifecycleActions } from './lifecycle-actions';

const agreement = (over: Partial<AgreementRead>): AgreementRead =>
  ({ id: 'a1', version: 1, title: 'Reading Buddies', status: 'draft', allowed_actions: [], ...over }) as AgreementRead;

describe('LifecycleActions', () => {
  it('offers only the transitions the API allows', () => {
    renderWithProviders(<LifecycleActions agreement={agreement({ status: 'active', allowed_actions: ['terminate', 'renew'] })} />);
    const buttons = screen.getAllByRole('button').map((b) => b.textContent);
    expect(buttons).toEqual(['Renew', 'Terminate']);
  });

  it('says so when nothing is possible', () => {
    renderWithProviders(<LifecycleActions agreement={agreement({ status: 'terminated', allowed_actions: [] })} />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText(/No lifecycle changes/)).toBeInTheDocument();
  });
});
