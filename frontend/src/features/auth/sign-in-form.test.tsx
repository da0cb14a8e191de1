import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { ApiError } from '../../lib/api';
import { renderWithProviders } from '../../test/render';
import { SignInForm } from './sign-in-form';

describe('SignInForm', () => {
  it('validates before sending', async () => {
    const onSignIn = vi.fn();
    renderWithProviders(<SignInForm onSignIn={onSignIn} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter the email you sign in with')).toBeInTheDocument();
    expect(onSignIn).not.toHaveBeenCalled();
  });

  it('explains a rejected password', async () => {
    const onSignIn = vi.fn().mockRejectedValue(new ApiError(400, 'invalid_grant'));
    renderWithProviders(<SignInForm onSignIn={onSignIn} />);
    await userEvent.type(screen.getByLabelText(/Email/), 'a@b.org');
    await userEvent.type(screen.getByLabelText(/^Password/), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('do not match');
    expect(onSignIn).toHaveBeenCalledWith({ email: 'a@b.org', password: 'wrong-password' });
  });
});
