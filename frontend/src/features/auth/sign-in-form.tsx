import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';

import { toApiError } from '../../lib/api';

type Values = { email: string; password: string };

export function SignInForm({ onSignIn }: { onSignIn: (v: Values) => Promise<void> }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter the email you sign in with'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      await onSignIn({ email: values.email.trim(), password: values.password });
    } catch (error) {
      const e = toApiError(error);
      if (e.unreachable) setFailure('The Trellis API is unreachable. Try again shortly.');
      else if (e.status === 429) setFailure('Too many attempts. Wait a minute and try again.');
      else if (e.status === 400 || e.status === 401)
        setFailure('That email and password do not match an account.');
      else setFailure(e.detail ?? e.title);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      <Stack>
        {failure && (
          <Alert color="red" role="alert" title="Could not sign in">
            {failure}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={form.submitting}>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
