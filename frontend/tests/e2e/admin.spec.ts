import { execFileSync } from 'node:child_process';

import { type E2E, expect, screenshots, signIn, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

type ScriptRun = { token: number; schools?: number; total?: number };

// What an integrator's script does with the credentials shown once: exchange them for a token,
// then read the schools. It runs as its own process, outside the browser and this test.
const SCRIPT = `
const api = process.env.API;
const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET });
const token = await fetch(api + '/api/v1/auth/token', { method: 'POST', body: form });
const out = { token: token.status };
if (token.ok) {
  const { access_token } = await token.json();
  const schools = await fetch(api + '/api/v1/schools?include_total=true&limit=1', { headers: { Authorization: 'Bearer ' + access_token } });
  out.schools = schools.status;
  if (schools.ok) out.total = (await schools.json()).total;
}
console.log(JSON.stringify(out));
`;

function runScript(e2e: E2E, clientId: string, secret: string): ScriptRun {
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    env: { ...process.env, API: e2e.apiUrl, CLIENT_ID: clientId, CLIENT_SECRET: secret },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(stdout) as ScriptRun;
}

/** How many schools a district has, as the administrator reads them. */
async function schoolsIn(e2e: E2E, districtId: string): Promise<number> {
  const form = new URLSearchParams({ grant_type: 'password', username: e2e.admin.email, password: e2e.admin.password });
  const token = (await (await fetch(`${e2e.apiUrl}/api/v1/auth/token`, { method: 'POST', body: form })).json()) as { access_token: string };
  const page = await fetch(`${e2e.apiUrl}/api/v1/schools?include_total=true&limit=1&district_id=${districtId}`, {
    headers: { Authorization: `Bearer ${token.access_token}` },
  });
  return ((await page.json()) as { total: number }).total;
}

test('an API client is created, used from a script, rotated and revoked', async ({ page, e2e }) => {
  await signIn(page, e2e, '/');
  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Administration', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Users and roles · Administration · Trellis');
  await expect(page.getByRole('table', { name: 'Users and roles' })).toContainText(e2e.admin.email);

  await page.getByRole('tab', { name: 'API clients' }).click();
  await expect(page).toHaveTitle('API clients · Administration · Trellis');
  const clients = page.getByRole('table', { name: 'API clients' });
  await expect(clients).toContainText('No API clients yet');
  await screenshots(page, 'admin-api-clients-empty');

  await clients.getByRole('button', { name: 'New API client' }).click();
  const form = page.getByRole('dialog', { name: 'New API client' });
  await form.getByRole('button', { name: 'Create client' }).click();
  await expect(form.getByText('Name the system or script that will use it')).toBeVisible(); // checked before sending
  await form.getByRole('textbox', { name: 'Name' }).fill('Riverside SIS sync');
  await form.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'District manager' }).click();
  await form.getByRole('button', { name: 'Create client' }).click();
  await expect(form.getByText('A district manager needs at least one district')).toBeVisible();
  await form.getByLabel('Districts').click();
  await page.getByRole('option', { name: 'Riverside Unified' }).click();
  await form.getByRole('textbox', { name: 'Name' }).click();
  await form.getByRole('button', { name: 'Create client' }).click();

  const shown = page.getByRole('dialog', { name: 'API client “Riverside SIS sync” created' });
  await expect(shown.getByText('Shown only once')).toBeVisible();
  await expect(shown.getByRole('button', { name: 'Copy the secret' })).toBeVisible();
  const clientId = (await shown.getByTestId('shown-client-id').textContent())!.trim();
  const secret = (await shown.getByTestId('shown-secret').textContent())!.trim();
  expect(secret.length).toBeGreaterThan(20);
  await screenshots(page, 'admin-api-client-secret');
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByTestId('shown-secret')).toHaveCount(0); // never shown again
  await expect(clients.getByRole('row', { name: /Riverside SIS sync/ })).toContainText('Active');

  const riverside = await schoolsIn(e2e, e2e.seeded.districtIds[0]);
  expect(riverside).toBeGreaterThan(0);
  expect(runScript(e2e, clientId, secret)).toEqual({ token: 200, schools: 200, total: riverside });

  // Rotating shows the new secret once; the old one stops working at once.
  await clients.getByRole('button', { name: 'Rotate the secret of Riverside SIS sync' }).click();
  const rotated = page.getByRole('dialog', { name: 'New secret for “Riverside SIS sync”' });
  const newSecret = (await rotated.getByTestId('shown-secret').textContent())!.trim();
  expect(newSecret).not.toBe(secret);
  await rotated.getByRole('button', { name: 'I have stored it' }).click();
  expect(runScript(e2e, clientId, secret).token).toBe(401);
  expect(runScript(e2e, clientId, newSecret)).toEqual({ token: 200, schools: 200, total: riverside });

  // Revoking asks first, then nothing works any more.
  await clients.getByRole('button', { name: 'Revoke Riverside SIS sync' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke “Riverside SIS sync”?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(clients.getByRole('row', { name: /Riverside SIS sync/ })).toContainText('Active');
  await clients.getByRole('button', { name: 'Revoke Riverside SIS sync' }).click();
  await confirm.getByRole('button', { name: 'Revoke client' }).click();
  await expect(clients.getByRole('row', { name: /Riverside SIS sync/ })).toContainText('Revoked');
  expect(runScript(e2e, clientId, newSecret).token).toBe(401);
});

test('a webhook is created with its secret shown once, and its delivery log follows an edit', async ({ page, e2e }) => {
  await signIn(page, e2e, '/admin?tab=webhooks');
  await expect(page).toHaveTitle('Webhooks · Administration · Trellis');
  const hooks = page.getByRole('table', { name: 'Webhooks' });
  await expect(hooks).toContainText('No webhooks yet');
  await hooks.getByRole('button', { name: 'New webhook' }).click();
  const form = page.getByRole('dialog', { name: 'New webhook' });
  await form.getByRole('textbox', { name: 'URL' }).fill('not a url');
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await expect(form.getByText('An http or https URL')).toBeVisible();
  const url = 'https://93.184.215.14/trellis-hooks';
  await form.getByRole('textbox', { name: 'URL' }).fill(url);
  await form.getByRole('textbox', { name: 'Description' }).fill('District data warehouse');
  await form.getByRole('button', { name: 'Create webhook' }).click();

  const shown = page.getByRole('dialog', { name: 'Webhook created' });
  await expect(shown.getByText('Shown only once')).toBeVisible();
  await expect(shown.getByTestId('shown-secret')).toHaveText(/^whsec_/);
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByTestId('shown-secret')).toHaveCount(0);
  const row = hooks.getByRole('row', { name: new RegExp(url) });
  await expect(row).toContainText('Enabled');
  await expect(row).toContainText('District data warehouse');
  await screenshots(page, 'admin-webhooks');

  // Edit a school, then read the edit in the school's history.
  const website = 'https://maplegrove.example.org';
  await page.goto(`/schools/${e2e.seeded.mapleGroveId}/edit`);
  await page.getByLabel('Website').fill(website);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL((u) => u.pathname === `/schools/${e2e.seeded.mapleGroveId}`);
  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History of this school' });
  const latest = history.getByRole('table').first();
  await expect(latest.getByRole('row', { name: /Website/ })).toContainText(website);
  await expect(history).toContainText('Changed');
  await expect(history).toContainText('Created');
  await screenshots(page, 'school-history');
  await page.keyboard.press('Escape');

  // The edit is in the webhook's delivery log, and can be sent again.
  await page.goto('/admin?tab=webhooks');
  await page.getByRole('link', { name: url }).click();
  await expect(page.getByRole('heading', { name: url, level: 1 })).toBeVisible();
  const deliveries = page.getByRole('table', { name: 'Deliveries' });
  const delivery = deliveries.getByRole('row', { name: /schools\.update/ }).first();
  await expect(delivery).toContainText('pending');
  await delivery.getByRole('button', { name: /Redeliver event/ }).click();
  await expect(page.getByText(/is queued to be delivered again/)).toBeVisible();
  await screenshots(page, 'admin-webhook-deliveries');

  // Disabled, it says so and why.
  await page.getByRole('button', { name: `Disable the webhook to ${url}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Disabled since' })).toBeVisible();
  await page.getByRole('link', { name: 'Webhooks' }).first().click();
  await expect(hooks.getByRole('row', { name: new RegExp(url) })).toContainText('Disabled');
});

test('a user is created with a role and a person, then deactivated and refused', async ({ page, e2e }) => {
  const email = 'dana.lakeview@example.org';
  const password = 'a-long-enough-password';
  await signIn(page, e2e, '/admin');
  const users = page.getByRole('table', { name: 'Users and roles' });
  await page.getByRole('button', { name: 'New user' }).first().click();
  const form = page.getByRole('dialog', { name: 'New user' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Dana Lakeview');
  await form.getByRole('textbox', { name: 'Email' }).fill(email);
  await form.getByRole('textbox', { name: 'Password' }).fill('short');
  await form.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'District manager' }).click();
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(form.getByText('Too short: at least 12 characters')).toBeVisible();
  await form.getByRole('textbox', { name: 'Password' }).fill(password);
  await form.getByLabel('Districts').click();
  await page.getByRole('option', { name: 'Lakeview Public Schools' }).click();
  await form.getByRole('combobox', { name: 'Linked person' }).fill('Lovelace');
  await page.getByRole('option', { name: /Ada Lovelace/ }).click();
  await form.getByRole('button', { name: 'Create account' }).click();
  const row = users.getByRole('row', { name: /Dana Lakeview/ });
  await expect(row).toContainText('District manager');
  await expect(row.getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute('href', /^\/people\//);
  await expect(row).toContainText('Active');
  await screenshots(page, 'admin-users');

  const signInAs = () =>
    fetch(`${e2e.apiUrl}/api/v1/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', username: email, password }),
    });
  expect((await signInAs()).status).toBe(200);

  await row.getByRole('button', { name: 'Deactivate Dana Lakeview' }).click();
  await page.getByRole('dialog', { name: 'Deactivate Dana Lakeview?' }).getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Inactive');
  expect((await signInAs()).status).not.toBe(200);
});
