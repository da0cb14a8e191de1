import { bulkUpsertPeople, listPeople } from '../../src/api/gen/sdk.gen';
import { expect, expectAccessible, screenshots, signIn, test } from './fixtures';
import { asAdmin } from './world';

test.describe.configure({ mode: 'serial' });

test('create a partner, edit it, and add its staff', async ({ page, e2e }) => {
  await signIn(page, e2e, '/partners');
  await expect(page).toHaveTitle('Partners · Trellis');
  await page.getByRole('link', { name: 'New partner' }).first().click();
  await expect(page.getByRole('heading', { name: 'New partner', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Create partner' }).click();
  await expect(page.getByText('Enter the organisation’s name')).toBeVisible(); // validated before sending
  await expect(page.getByText('Choose what kind of organisation it is')).toBeVisible();
  await page.getByRole('textbox', { name: /^Name/ }).fill('Harbor Youth Rowing');
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Nonprofit' }).click();
  await page.getByLabel('EIN', { exact: false }).fill('12345');
  await page.getByRole('button', { name: 'Create partner' }).click();
  await expect(page.getByText('EIN like 94-1234567')).toBeVisible();
  await page.getByLabel('EIN', { exact: false }).fill('94-1234567');
  await page.getByLabel('Phone').fill('(951) 555-0199');
  await page.getByRole('button', { name: 'Create partner' }).click();
  await expect(page.getByRole('heading', { name: 'Harbor Youth Rowing', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Harbor Youth Rowing · Trellis');
  const partnerUrl = page.url();

  // An empty staff list says so and offers the next step.
  await expect(page.getByRole('table', { name: 'Staff at this partner' })).toContainText('No one is recorded');

  // Edit: only what changed is sent, and the page shows it.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Harbor Youth Rowing', level: 1 })).toBeVisible();
  await page.getByLabel('City').fill('Riverside');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(partnerUrl);
  await expect(page.getByText('Riverside', { exact: false }).first()).toBeVisible();

  // Add someone new to the staff.
  await page.getByRole('button', { name: 'Add staff' }).first().click();
  await page.getByLabel('Given name').fill('Marta');
  await page.getByLabel('Family name').fill('Quintero');
  await page.getByLabel('Email').fill('marta.quintero@harbor.example.org');
  await page.getByLabel('Job title').fill('Program manager');
  await page.getByRole('button', { name: 'Add to staff' }).click();
  const staff = page.getByRole('table', { name: 'Staff at this partner' });
  await expect(staff.getByRole('row', { name: /Marta Quintero/ })).toContainText('Program manager');
  await expect(staff.getByRole('row', { name: /Marta Quintero/ })).toContainText('marta.quintero@harbor.example.org');

  // And someone already in Trellis.
  await page.getByRole('button', { name: 'Add staff' }).first().click();
  await page.getByText('Someone already in Trellis').click();
  await page.getByRole('combobox', { name: 'Person' }).fill('Lovelace');
  await page.getByRole('option', { name: /Ada Lovelace/ }).click();
  await page.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Volunteer' }).click();
  await page.getByRole('button', { name: 'Add to staff' }).click();
  await expect(staff.getByRole('row', { name: /Ada Lovelace/ })).toContainText('Volunteer');
  await screenshots(page, 'partner-with-staff');
  await expectAccessible(page);
});

test('manage a person’s roles: add, find the way back to the school, end, remove', async ({ page, e2e }) => {
  await signIn(page, e2e, '/people');
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  await page.getByLabel('Search by name or email').fill('quintero');
  await expect(page.getByRole('table', { name: 'People' }).getByRole('row')).toHaveCount(2);
  await page.getByRole('link', { name: 'Marta Quintero' }).click();
  await expect(page.getByRole('heading', { name: 'Marta Quintero', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Marta Quintero · Trellis');

  await page.getByRole('button', { name: 'Add a role' }).first().click();
  await page.getByRole('combobox', { name: 'School' }).fill('Maple');
  await page.getByRole('option', { name: /Maple Grove Elementary/ }).click();
  await page.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Teacher', exact: true }).click();
  await page.getByLabel('Job title').fill('Teacher'); // says no more than the role: shown once
  await page.getByRole('button', { name: 'Add role' }).click();
  const roles = page.getByRole('table', { name: 'Roles' });
  const teacher = roles.getByRole('row', { name: /Maple Grove Elementary/ });
  await expect(teacher).toBeVisible();
  // The title says no more than the role, so it is shown once (phones fold the school and dates under it).
  await expect(teacher.getByRole('cell').first()).toHaveText(/^Teacher(?!\s*Teacher)/);

  // A way back from the person to their school.
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumbs.getByRole('link', { name: 'Maple Grove Elementary' })).toHaveAttribute('href', `/schools/${e2e.seeded.mapleGroveId}`);
  await screenshots(page, 'person-roles');
  await expectAccessible(page);

  await teacher.getByRole('button', { name: /End the role/ }).click();
  await expect(teacher).not.toContainText('current');
  await expect(teacher.getByRole('button', { name: /End the role/ })).toHaveCount(0);

  await teacher.getByRole('button', { name: /Remove the role/ }).click();
  await teacher.getByRole('button', { name: /Confirm: remove/ }).click();
  await expect(roles.getByRole('row', { name: /Maple Grove Elementary/ })).toHaveCount(0);
});

test('edit an active agreement: the working fields change, the terms stay fixed', async ({ page, e2e }) => {
  await signIn(page, e2e, `/agreements/${e2e.seeded.agreementId}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Reading Buddies', level: 1 })).toBeVisible();
  await expect(page.getByText('Terms are fixed')).toBeVisible();
  await expect(page.getByLabel('Title')).toBeDisabled();
  await page.getByLabel('Reference (MOU number)').fill('MOU-2025-014-A');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Reading Buddies', level: 1 })).toBeVisible();
  await expect(page.getByText('MOU-2025-014-A')).toBeVisible();
  await page.goto(`/agreements/${e2e.seeded.agreementId}/edit`);
  await expect(page.getByLabel('Reference (MOU number)')).toHaveValue('MOU-2025-014-A');
  await screenshots(page, 'agreement-edit');
  await expectAccessible(page);
});

test('contacts due for re-verification: from home to the worklist, verify and undo', async ({ page, e2e }) => {
  await signIn(page, e2e);
  const card = page.getByRole('region', { name: /Contacts due for re-verification/ });
  await card.getByRole('link', { name: /most overdue first/ }).click();
  await expect(page.getByRole('heading', { name: 'Contacts due for re-verification', level: 1 })).toBeVisible();
  const list = page.getByRole('table', { name: 'Contacts due for re-verification' });
  const first = list.getByRole('row').nth(1);
  await expect(first).toContainText('never verified'); // most overdue first
  const name = (await first.getByRole('link').first().textContent())!;

  // Verify, then undo within the window: nothing changes.
  await first.getByRole('button', { name: /^Verify / }).click();
  await expect(first).toContainText('verified today');
  await first.getByRole('button', { name: /^Undo verifying/ }).click();
  await expect(first).toContainText('never verified');
  await page.waitForTimeout(7000); // past the undo window: still not verified
  await page.reload();
  await expect(list.getByRole('row').nth(1)).toBeVisible();
  await expect(list.getByRole('row', { name: new RegExp(name) })).toContainText('never verified');

  // Verify and let it stand: it leaves the worklist (whose page may refill from the next one).
  await list.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: /^Verify / }).click();
  await page.waitForTimeout(7000);
  await page.reload();
  await expect(list.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
  await screenshots(page, 'contacts-due');
  await expectAccessible(page);
});

test('the worklist pages through every contact due in the API’s order, most overdue first', async ({ page, e2e }) => {
  const api = await asAdmin(e2e);
  // Made in this order, their ids rise as their names fall: a name sort cannot pass for the API's.
  const items = Array.from({ length: 30 }, (_, n) => ({ given_name: `Due ${String(30 - n).padStart(2, '0')}`, family_name: 'Paging', sis_id: `WL-${n}` }));
  for (const item of items) await bulkUpsertPeople({ ...api, body: { items: [item] }, query: { atomic: true } });
  const due = await listPeople({
    ...api,
    query: { is_active: true, stale_after_days: 180, sort: 'last_verified', limit: 50, include_total: true },
  });
  const expected = due.data.items.map((p) => `/people/${p.id}`);

  await signIn(page, e2e, '/people?due=1');
  const list = page.getByRole('table', { name: 'Contacts due for re-verification' });
  const shown = () => list.locator('tbody tr td:first-child a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  await expect(list.locator('tbody tr')).toHaveCount(25);
  await expect(page.getByText(`${due.data.total} contacts due · page 1`)).toBeVisible();
  const first = await shown();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('· page 2')).toBeVisible();
  await expect(list.locator('tbody tr').first().locator('a').first()).toHaveAttribute('href', expected[25]);
  expect([...first, ...(await shown())]).toEqual(expected.slice(0, 50));
});

test('phone width: filters fold away and contacts keep their email and phone', async ({ page, e2e }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, e2e, '/schools');
  await expect(page.getByRole('button', { name: 'Filters' })).toBeVisible();
  await expect(page.getByLabel('Search by name')).toBeHidden();
  await expect(page.getByRole('table', { name: 'Schools' }).getByRole('link').first()).toBeInViewport();
  await page.getByRole('button', { name: 'Filters' }).click();
  await expect(page.getByLabel('Search by name')).toBeVisible();

  await page.goto(`/schools/${e2e.seeded.mapleGroveId}`);
  const contacts = page.getByRole('list', { name: 'Contacts' });
  await expect(contacts).toContainText('ada.lovelace@maplegrove.example.org');
  await expect(contacts).toContainText('951-555-0101');
});

test('an action item can be assigned to anyone the user can see, not only the agreement’s people', async ({ page, e2e }) => {
  await signIn(page, e2e, `/agreements/${e2e.seeded.secondAgreementId}`);
  await page.getByRole('button', { name: 'Log an interaction' }).click();
  const form = page.getByRole('form', { name: 'Log an interaction' });
  await form.getByLabel('Summary').fill('Planning the spring rowing taster.');
  await form.getByRole('button', { name: 'Add action item' }).click();
  await form.getByRole('textbox', { name: 'Action item 1' }).fill('Book the boathouse');
  // Marta works at another partner, not on this agreement: found by searching everyone.
  await form.getByRole('combobox', { name: 'Owner' }).fill('Quintero');
  await page.getByRole('option', { name: 'Marta Quintero' }).click();
  await form.getByRole('button', { name: 'Log interaction' }).click();
  await expect(page.getByLabel('Interaction log')).toContainText('Book the boathouse — Marta Quintero');
  const open = page.getByRole('table', { name: 'Open action items' });
  await expect(open.getByRole('row', { name: /Book the boathouse/ })).toContainText('Marta Quintero');
});

test('new pages at desktop and phone width, with no WCAG 2.1 AA violations', async ({ page, e2e }) => {
  test.setTimeout(120_000);
  await signIn(page, e2e);
  const pages = [
    { name: 'people', path: '/people', ready: 'People' },
    { name: 'partner-new', path: '/partners/new', ready: 'New partner' },
    { name: 'partner-edit', path: `/partners/${e2e.seeded.partnerId}/edit`, ready: 'Edit Cityscape Tutoring' },
    { name: 'person', path: `/people/${e2e.seeded.principalId}`, ready: 'Ada Lovelace' },
    { name: 'school', path: `/schools/${e2e.seeded.mapleGroveId}`, ready: 'Maple Grove Elementary' },
    { name: 'schools', path: '/schools', ready: 'Schools' },
    { name: 'partners', path: '/partners', ready: 'Partners' },
    { name: 'home', path: '/', ready: 'Today' },
  ];
  for (const p of pages) {
    await test.step(p.name, async () => {
      await page.goto(p.path);
      await expect(page.getByRole('heading', { name: p.ready, level: 1 })).toBeVisible();
      await expect(page.getByText(/Loading/)).toHaveCount(0);
      await expect(page).toHaveTitle(`${p.ready} · Trellis`);
      await screenshots(page, `web2-${p.name}`);
      await expectAccessible(page);
    });
  }
});
