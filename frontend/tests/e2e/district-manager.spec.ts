// Administration as a district manager: their district's webhooks and imports, nothing of
// another district's, and the administrators' sections neither shown nor answered by the API.
import { createUser, createWebhook, deleteWebhook, listWebhooks } from '../../src/api/gen/sdk.gen';
import { type Account, type E2E, expect, screenshots, signIn, test } from './fixtures';
import { token } from './seed';
import { asAdmin, dryRunImport, schoolNamed } from './world';

test.describe.configure({ mode: 'serial' });

const MANAGER: Account = { email: 'riley.riverside@example.org', password: 'riverside-manager-password' };
const ADMIN_HOOK = 'https://93.184.215.14/hooks/administrators-only';
const MANAGER_HOOK = 'https://93.184.215.14/hooks/riverside-schools';
// The seed puts even-numbered schools in Riverside and odd ones in Lakeview.
const LAKEVIEW_SCHOOL = 'Willow Creek Elementary';
const READINGS = 'goal_id,measured_on,value\n00000000-0000-0000-0000-000000000000,2026-01-05,50\n';

type World = { adminHookId: string; lakeviewJobId: string; lakeviewSchoolId: string };
let world: World;

const env = () => JSON.parse(process.env.TRELLIS_E2E!) as E2E;

async function as(e2e: E2E, who: Account, path: string, init: RequestInit = {}): Promise<Response> {
  const access = await token(e2e.apiUrl, who.email, who.password);
  return fetch(`${e2e.apiUrl}/api/v1${path}`, { ...init, headers: { ...init.headers, Authorization: `Bearer ${access}` } });
}

const changeSchool = (e2e: E2E, schoolId: string, phone: string) =>
  as(e2e, e2e.admin, `/schools/${schoolId}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone }),
  });

test.beforeAll(async () => {
  const e2e = env();
  const api = await asAdmin(e2e);
  const [riverside, lakeview] = e2e.seeded.districtIds;
  await createUser({
    ...api,
    body: { display_name: 'Riley Riverside', email: MANAGER.email, password: MANAGER.password, role: 'district_manager', district_ids: [riverside] },
  });
  const hook = await createWebhook({ ...api, body: { url: ADMIN_HOOK, event_types: ['*'] } });
  await dryRunImport(e2e, 'riverside-readings.csv', READINGS, riverside);
  world = {
    adminHookId: hook.data.id,
    lakeviewJobId: await dryRunImport(e2e, 'lakeview-readings.csv', READINGS, lakeview),
    lakeviewSchoolId: await schoolNamed(api, LAKEVIEW_SCHOOL),
  };
});

// The administration spec starts from no webhooks.
test.afterAll(async () => {
  const api = await asAdmin(env());
  const { data } = await listWebhooks({ ...api, query: { limit: 100 } });
  for (const hook of data.items.filter((h) => [ADMIN_HOOK, MANAGER_HOOK].includes(h.url))) {
    await deleteWebhook({ ...api, path: { webhook_id: hook.id } });
  }
});

test('a district manager keeps their own webhooks, hears only their district, and is shown no users or API clients', async ({ page, e2e }) => {
  await signIn(page, e2e, '/', MANAGER);
  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Administration', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Webhooks · Administration · Trellis');
  await expect(page.getByRole('tab')).toHaveText(['Webhooks']);
  const hooks = page.getByRole('table', { name: 'Webhooks' });
  await expect(hooks).toContainText('No webhooks yet'); // the administrator's is not theirs
  await screenshots(page, 'admin-district-manager-empty');

  // Asking for the administrators' tabs by address shows the webhooks still; the API refuses them.
  await page.goto('/admin?tab=users');
  await expect(page.getByRole('tab', { name: 'Webhooks' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Users and roles' })).toHaveCount(0);
  expect((await as(e2e, MANAGER, '/users')).status).toBe(403);
  expect((await as(e2e, MANAGER, '/api-clients')).status).toBe(403);
  const newClient = await as(e2e, MANAGER, '/api-clients', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Sneaky', role: 'admin' }),
  });
  expect(newClient.status).toBe(403);
  await page.goto(`/admin/webhooks/${world.adminHookId}`);
  await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();

  // The event types offered are the API's: its operations include `visible`.
  await page.goto('/admin?tab=webhooks');
  await hooks.getByRole('button', { name: 'New webhook' }).click();
  const form = page.getByRole('dialog', { name: 'New webhook' });
  await form.getByRole('textbox', { name: 'URL' }).fill(MANAGER_HOOK);
  const types = form.getByRole('combobox', { name: 'Event types' });
  await types.fill('visible');
  await expect(page.getByRole('option', { name: '*.visible', exact: true })).toBeVisible();
  await types.fill('Schools');
  await types.press('Enter');
  const description = form.getByRole('textbox', { name: 'Description' });
  await description.focus(); // away from the field: its suggestions close
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await expect(form.getByText('Not an event type: Schools')).toBeVisible();
  await types.press('Backspace'); // "Schools"
  await types.press('Backspace'); // the default "*"
  await types.fill('schools.');
  await page.getByRole('option', { name: 'schools.*', exact: true }).click();
  await description.focus();
  await form.getByRole('button', { name: 'Create webhook' }).click();
  const shown = page.getByRole('dialog', { name: 'Webhook created' });
  await expect(shown.getByTestId('shown-secret')).toHaveText(/^whsec_/);
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  const row = hooks.getByRole('row', { name: new RegExp(MANAGER_HOOK) });
  await expect(row).toContainText('schools.*');
  await expect(hooks.getByRole('row', { name: new RegExp(ADMIN_HOOK) })).toHaveCount(0);
  await screenshots(page, 'admin-district-manager-webhooks');

  // A change in their district reaches their webhook; one in another district does not.
  expect((await changeSchool(e2e, world.lakeviewSchoolId, '541-555-0199')).status).toBe(200);
  expect((await changeSchool(e2e, e2e.seeded.mapleGroveId, '951-555-0199')).status).toBe(200);
  await row.getByRole('link', { name: MANAGER_HOOK }).click();
  const deliveries = page.getByRole('table', { name: 'Deliveries' });
  await expect(deliveries.getByRole('row')).toHaveCount(2); // the header and one delivery
  await expect(deliveries.getByRole('row').nth(1)).toContainText('schools.update');
});

test('a district manager imports into their own district and sees no other district’s jobs', async ({ page, e2e }) => {
  await signIn(page, e2e, '/imports', MANAGER);
  const jobs = page.getByRole('table', { name: 'Import jobs' });
  await expect(jobs).toContainText('riverside-readings.csv');
  await expect(jobs).not.toContainText('lakeview-readings.csv');

  // Only administrators import NCES files; the only district on offer is their own.
  await page.getByRole('combobox', { name: 'Kind of file' }).click();
  await expect(page.getByRole('option', { name: 'Goal measurements CSV' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'NCES directory CSV' })).toHaveCount(0);
  await page.getByRole('option', { name: 'Goal measurements CSV' }).click();
  await page.getByRole('combobox', { name: 'District' }).click();
  await expect(page.getByRole('option')).toHaveText(['Riverside Unified']);
  await page.keyboard.press('Escape');

  // Left empty, the district is theirs.
  await page.locator('input[type="file"]').setInputFiles({ name: 'riley-readings.csv', mimeType: 'text/csv', buffer: Buffer.from(READINGS) });
  await page.getByRole('button', { name: 'Start dry run' }).click();
  await expect(page.getByRole('heading', { name: 'riley-readings.csv', level: 1 })).toBeVisible();
  const jobId = new URL(page.url()).pathname.split('/').pop()!;
  const job = (await (await as(e2e, e2e.admin, `/imports/${jobId}`)).json()) as { district_id: string };
  expect(job.district_id).toBe(e2e.seeded.districtIds[0]);
  await screenshots(page, 'import-district-manager');

  // Another district's job is not found, by the page or the API; nor can they import into it.
  await page.goto(`/imports/${world.lakeviewJobId}`);
  await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
  expect((await as(e2e, MANAGER, `/imports/${world.lakeviewJobId}`)).status).toBe(404);
  const form = new FormData();
  form.append('kind', 'measurements');
  form.append('dry_run', 'true');
  form.append('district_id', e2e.seeded.districtIds[1]);
  form.append('file', new Blob([READINGS], { type: 'text/csv' }), 'elsewhere.csv');
  expect((await as(e2e, MANAGER, '/imports', { method: 'POST', body: form })).status).toBe(404);

  // Their district's records have a history; another district's school is not theirs to open.
  await page.goto(`/schools/${e2e.seeded.mapleGroveId}`);
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('dialog', { name: 'History of this school' })).toContainText('Changed');
  await page.goto(`/schools/${world.lakeviewSchoolId}`);
  await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
});

test('a district manager is offered no administrator-only action, and the client asks the API for nothing it would refuse', async ({ page, e2e }) => {
  const refused: string[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(e2e.apiUrl) && [401, 403].includes(response.status())) refused.push(`${response.status()} ${response.url()}`);
  });
  await signIn(page, e2e, '/', MANAGER);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Administration' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Imports' })).toBeVisible();

  for (const tab of ['users', 'clients', 'webhooks']) {
    await page.goto(`/admin?tab=${tab}`);
    await expect(page.getByRole('table', { name: 'Webhooks' }).getByRole('row', { name: new RegExp(MANAGER_HOOK) })).toBeVisible();
    await expect(page.getByRole('tab')).toHaveText(['Webhooks']);
    for (const adminOnly of ['New user', 'New API client']) await expect(page.getByRole('button', { name: adminOnly })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'API clients' })).toHaveCount(0);
  }
  // Their own webhook's page: its deliveries and its own actions, nothing of anyone else's.
  await page.getByRole('link', { name: MANAGER_HOOK }).click();
  await expect(page.getByRole('heading', { name: MANAGER_HOOK, level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Deliveries' })).toBeVisible();

  await page.goto('/imports');
  await expect(page.getByRole('table', { name: 'Import jobs' })).not.toContainText('lakeview-readings.csv');
  await page.goto(`/schools/${e2e.seeded.mapleGroveId}`);
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('dialog', { name: 'History of this school' })).toContainText('Changed');
  await screenshots(page, 'admin-district-manager-history');
  expect(refused).toEqual([]);
});
