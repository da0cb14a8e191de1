import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '../test/render';
import { FormFailure } from './form-failure';

describe('FormFailure', () => {
  it('announces why the form was not saved', () => {
    renderWithProviders(<FormFailure message="The name is already taken." />);
    expect(screen.getByRole('alert')).toHaveTextContent('Not savedThe name is already taken.');
  });

  it('shows nothing while there is no failure', () => {
    renderWithProviders(<FormFailure message={null} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
