import { expect, screenshots, signIn, test } from './fixtures';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test.describe.configure({ mode: 'serial' });

test('the session survives a reload, and no token is readable by page scripts', async ({ page, e2e }) => {
  await signIn(page, e2e);
  await expect(page.getByRole('heading', { name: 'Today' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Today' })).toBeVisible();
  await expect(page).not.toHaveURL(/sign-in/);
  const readable = await page.evaluate(() => ({
    cookie: document.cookie,
    local: JSON.stringify(localStorage),
    session: JSON.stringify(sessionStorage),
  }));
  expect(readable.cookie).toBe('');
  expect(readable.local).not.toMatch(/token|eyJ/i);
  expect(readable.session).not.toMatch(/token|eyJ/i);
  const cookies = await page.context().cookies(`${e2e.apiUrl}/api/v1/auth/token`);
  expect(cookies.find((c) => c.name === 'trellis_refresh')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password is explained and fields are validated before sending', async ({ page, e2e }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter the email you sign in with')).toBeVisible();
  await page.getByLabel('Email').fill(e2e.admin.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');
});

test('find a school, verify a contact, run an agreement through its lifecycle, log an interaction', async ({
  page,
  e2e,
}) => {
  await signIn(page, e2e);

  // Find a school by search and open it.
  await page.getByRole('link', { name: 'Schools', exact: true }).click();
  await page.getByLabel('Search by name').fill('maple');
  const row = page.getByRole('link', { name: 'Maple Grove Elementary' });
  await expect(row).toBeVisible();
  await expect(page.getByRole('table', { name: 'Schools' }).getByRole('row')).toHaveCount(2);
  await row.click();
  await expect(page.getByRole('heading', { name: 'Maple Grove Elementary', level: 1 })).toBeVisible();

  // Verify a contact in one click.
  const grace = page.getByRole('row', { name: /Grace Hopper/ });
  await expect(grace).toContainText('never verified');
  await grace.getByRole('button', { name: /Verify Grace Hopper/ }).click();
  await expect(grace).toContainText('verified today');

  // Create an agreement for this school.
  await page.getByRole('link', { name: 'New agreement' }).click();
  await expect(page.getByRole('heading', { name: 'New agreement' })).toBeVisible();
  await page.getByRole('button', { name: 'Create agreement' }).click();
  await expect(page.getByText('Choose the partner')).toBeVisible(); // validated before sending
  await page.getByRole('combobox', { name: 'Partner', exact: true }).click();
  await page.getByRole('option', { name: 'Cityscape Tutoring' }).click();
  await page.getByLabel('Title').fill('Math Mentors');
  await page.getByLabel('Start date').fill(day(-30));
  await page.getByLabel('End date').fill(day(300));
  await page.getByRole('combobox', { name: 'Service 1 category' }).click();
  await page.getByRole('option', { name: 'Mentoring' }).click();
  await page.getByLabel('Description').fill('Weekly math mentoring');
  await page.getByRole('button', { name: 'Create agreement' }).click();
  await expect(page.getByRole('heading', { name: 'Math Mentors', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Maple Grove Elementary' })).toBeVisible();

  // Lifecycle: only allowed transitions are offered.
  const lifecycle = page.getByRole('group', { name: 'Lifecycle actions' });
  await expect(lifecycle.getByRole('button')).toHaveText(['Propose to partner', 'Withdraw']);
  await lifecycle.getByRole('button', { name: 'Propose to partner' }).click();
  await expect(lifecycle.getByRole('button')).toHaveText(['Activate', 'Withdraw']);
  await lifecycle.getByRole('button', { name: 'Activate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByText('Active', { exact: true }).first()).toBeVisible();
  await expect(lifecycle.getByRole('button')).toHaveText(['Renew', 'Terminate']);

  // Log an interaction with an action item, in one form.
  await page.getByRole('button', { name: 'Log an interaction' }).click();
  const form = page.getByRole('form', { name: 'Log an interaction' });
  await form.getByLabel('Summary').fill('Kick-off with the mentoring leads.');
  await form.getByLabel('Decisions').fill('Start on Tuesdays\nShare a weekly roster');
  await form.getByRole('button', { name: 'Add action item' }).click();
  await form.getByRole('textbox', { name: 'Action item 1' }).fill('Send the roster to Cityscape');
  await form.getByLabel('Due').fill(day(14));
  await form.getByRole('button', { name: 'Log interaction' }).click();
  await expect(page.getByRole('list').getByText('Start on Tuesdays')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Open action items' })).toContainText('Send the roster to Cityscape');
  await screenshots(page, 'agreement-after-interaction');

  // It shows on the home page, assigned to me.
  await page.getByRole('link', { name: 'Home', exact: true }).click();
  const mine = page.getByRole('table', { name: 'My open action items' });
  await expect(mine).toContainText('Send the roster to Cityscape');
  await expect(mine).toContainText('Alex Admin');

  // And the agreement can be terminated, with a reason.
  await mine.getByRole('link', { name: 'Open agreement' }).click();
  await lifecycle.getByRole('button', { name: 'Terminate' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Terminate' }).click();
  await expect(dialog.getByText('Say why the agreement is ending.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Funding ended');
  await dialog.getByRole('button', { name: 'Terminate' }).click();
  await expect(page.getByText('Terminated', { exact: true }).first()).toBeVisible();
  await expect(lifecycle).toContainText('No lifecycle changes are possible');
});

test('the second of two editors is told what changed (412)', async ({ browser, e2e }) => {
  const first = await (await browser.newContext({ baseURL: e2e.webUrl })).newPage();
  const second = await (await browser.newContext({ baseURL: e2e.webUrl })).newPage();
  const edit = `/schools/${e2e.seeded.mapleGroveId}/edit`;
  await signIn(first, e2e, edit);
  await signIn(second, e2e, edit);
  // Other specs may have changed the phone already: start from whatever it is now.
  await expect(first.getByLabel('Phone')).not.toHaveValue('');
  const before = await first.getByLabel('Phone').inputValue();
  const after = before === '951-555-0199' ? '951-555-0142' : '951-555-0199';
  await expect(second.getByLabel('Phone')).toHaveValue(before);

  await first.getByLabel('Phone').fill(after);
  await first.getByRole('button', { name: 'Save changes' }).click();
  await expect(first.getByRole('heading', { name: 'Maple Grove Elementary', level: 1 })).toBeVisible();

  await second.getByLabel('City').fill('Riverside Heights');
  await second.getByRole('button', { name: 'Save changes' }).click();
  const conflict = second.getByRole('alert').filter({ hasText: 'Someone changed this' });
  await expect(conflict).toBeVisible();
  const changed = conflict.getByRole('table', { name: 'What changed' });
  await expect(changed.getByRole('row', { name: /Phone/ })).toContainText(before);
  await expect(changed.getByRole('row', { name: /Phone/ })).toContainText(after);
  await screenshots(second, 'conflict-412');

  await conflict.getByRole('button', { name: 'Keep my edits and save again' }).click();
  await expect(second.getByLabel('Phone')).toHaveValue(after);
  await expect(second.getByLabel('City')).toHaveValue('Riverside Heights');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await expect(second.getByRole('heading', { name: 'Maple Grove Elementary', level: 1 })).toBeVisible();
  await expect(second.getByText('Riverside Heights')).toBeVisible();
  await expect(second.getByText(after)).toBeVisible();
});
