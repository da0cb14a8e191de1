import { Checkbox, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { createUserMutation, listUsersQueryKey, updateUserMutation } from '../../api/gen/@tanstack/react-query.gen';
import type { UserRead } from '../../api/gen/types.gen';
import { ifMatch } from '../../lib/api';
import { FormFooter } from './form-footer';
import { type Grant, grantBody, grantProblem } from './grant';
import { PersonPicker } from './person-picker';
import { ScopeFields } from './scope-fields';

const MIN_PASSWORD = 12;

/** Creates an account, or edits one's name, role, places, linked person and whether it is active. */
export function UserForm({ user, onDone, onCancel }: { user?: UserRead; onDone: (user: UserRead) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const create = useMutation(createUserMutation());
  const update = useMutation(updateUserMutation());
  const [name, setName] = useState(user?.display_name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [password, setPassword] = useState('');
  const [personId, setPersonId] = useState<string | null>(user?.person_id ?? null);
  const [active, setActive] = useState(user?.is_active ?? true);
  const [grant, setGrant] = useState<Grant>({
    role: user?.role ?? 'coordinator',
    district_ids: user?.district_ids ?? [],
    school_ids: user?.school_ids ?? [],
    partner_id: user?.partner_id ?? null,
  });
  const [tried, setTried] = useState(false);
  const errors = {
    name: !name.trim() ? 'Enter the name people see' : null,
    email: user || /^\S+@\S+\.\S+$/.test(email.trim()) ? null : 'An email address like name@example.org',
    password:
      (!user && password.length < MIN_PASSWORD) || (user && password && password.length < MIN_PASSWORD)
        ? `Too short: at least ${MIN_PASSWORD} characters`
        : null,
    scope: grantProblem(grant),
  };
  const failed = create.error ?? update.error;
  const done = (saved: UserRead) => {
    void queryClient.invalidateQueries({ queryKey: listUsersQueryKey() });
    onDone(saved);
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.values(errors).some(Boolean)) return;
    const common = { display_name: name.trim(), person_id: personId, ...grantBody(grant) };
    if (user) {
      update.mutate(
        { path: { user_id: user.id }, headers: ifMatch(user.version), body: { ...common, is_active: active, ...(password ? { password } : {}) } },
        { onSuccess: done },
      );
    } else {
      create.mutate({ body: { ...common, email: email.trim(), password } }, { onSuccess: done });
    }
  };
  const shown = (key: keyof typeof errors) => (tried ? errors[key] : null);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={shown('name')} />
        <TextInput label="Email" required type="email" disabled={Boolean(user)} value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={shown('email')} />
        <PasswordInput
          label={user ? 'New password' : 'Password'}
          description={user ? 'Leave empty to keep the current one' : `At least ${MIN_PASSWORD} characters`}
          required={!user}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={shown('password')}
        />
        <ScopeFields grant={grant} onChange={setGrant} error={shown('scope')} />
        <PersonPicker value={personId} onChange={setPersonId} />
        {user && (
          <Checkbox
            label="Active (can sign in)"
            description="Deactivating signs them out everywhere"
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
        )}
        <FormFooter noun="account" editing={Boolean(user)} failed={failed} pending={create.isPending || update.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
