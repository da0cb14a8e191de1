// Empty lists say what is empty and offer the next step; filtered-to-nothing lists offer to clear
// the filters; the partner staff and role tables fit a 390 px phone without scrolling sideways.
import type { Locator } from '@playwright/test';

import { createAgreement, createProgram, createSchool } from '../../src/api/gen/sdk.gen';
import { type E2E, expect, expectAccessible, signIn, test } from './fixtures';
import { asAdmin, day } from './world';

test.describe.configure({ mode: 'serial' });

type World = { programId: string; schoolId: string; draftId: string };
let world: World;

test.beforeAll(async () => {
  const e2e = JSON.parse(process.env.TRELLIS_E2E!) as E2E;
  const api = await asAdmin(e2e);
  const program = await createProgram({
    ...api,
    body: { name: 'Empty Coaching Lab', kind: 'coaching', start_date: day(-10), district_id: e2e.seeded.districtIds[0] },
  });
  const school = await createSchool({ ...api, body: { name: 'Quiet Hollow Elementary', district_id: e2e.seeded.districtIds[0] } });
  const draft = await createAgreement({
    ...api,
    body: { partner_id: e2e.seeded.partnerId, title: 'Empty Draft Agreement', start_date: day(10), end_date: day(200), school_ids: [school.data.id] },
  });
  world = { programId: program.data.id, schoolId: school.data.id, draftId: draft.data.id };
});

test("a new programme's pairs and caseloads say what is empty and offer the next step", async ({ page, e2e }) => {
  await signIn(page, e2e, `/mentoring/programs/${world.programId}`);
  const pairs = page.getByRole('table', { name: 'Pairs' });
  await expect(pairs).toContainText('No proposed or active pairs match these filters.');
  await pairs.getByRole('button', { name: 'Clear filters' }).click();
  await expect(pairs).toContainText('No pairs in Empty Coaching Lab yet. Review the suggested pairs to propose some.');
  await expect(pairs.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
  await pairs.getByRole('link', { name: 'Review suggested pairs' }).click();
  await expect(page).toHaveURL(/tab=suggestions/);
  await expect(page.getByRole('tab', { name: 'Suggested pairs' })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('tab', { name: 'Caseloads' }).click();
  const caseloads = page.getByRole('table', { name: 'Caseloads' });
  await expect(caseloads).toContainText('Nobody in this programme carries a caseload yet');
  await expect(caseloads.getByRole('link', { name: 'Review suggested pairs' })).toBeVisible();
});

test("a new school's contacts and partners, and a draft's services and resources, offer what to do", async ({ page, e2e }) => {
  await signIn(page, e2e, `/schools/${world.schoolId}`);
  const contacts = page.getByRole('table', { name: 'Contacts' });
  await expect(contacts).toContainText('No one holds a current role at this school yet.');
  await expect(contacts.getByRole('link', { name: 'Find a person' })).toHaveAttribute('href', '/people');
  await expect(page.getByText('No partners serve this school yet')).toBeVisible();
  await page.getByRole('link', { name: 'Draft an agreement with a partner' }).click();
  await expect(page).toHaveURL(new RegExp(`/agreements/new\\?school_id=${world.schoolId}`));

  await page.goto(`/agreements/${world.draftId}`);
  for (const name of ['Services', 'Resources']) {
    const table = page.getByRole('table', { name, exact: true });
    await expect(table).toContainText(`No ${name.toLowerCase()} listed. Add them while it is a draft.`);
    await expect(table.getByRole('link', { name: 'Edit the draft' })).toHaveAttribute('href', `/agreements/${world.draftId}/edit`);
  }
});

async function clearsBackToRows(table: Locator, empty: string) {
  await expect(table).toContainText(empty);
  await table.getByRole('button', { name: 'Clear filters' }).click();
  await expect(table).not.toContainText(empty);
  await expect(table.getByRole('link').first()).toBeVisible();
}

test('lists filtered to nothing offer to clear the filters', async ({ page, e2e }) => {
  await signIn(page, e2e, '/partners');
  await page.getByLabel('Search by name').fill('no such partner anywhere');
  await clearsBackToRows(page.getByRole('table', { name: 'Partners', exact: true }), 'No partners match these filters.');

  await page.goto('/schools?q=no+such+school+anywhere');
  await clearsBackToRows(page.getByRole('table', { name: 'Schools', exact: true }), 'No schools match these filters.');
  await expect(page).toHaveURL(/\/schools$/);

  await page.goto('/agreements?status=expired');
  await clearsBackToRows(page.getByRole('table', { name: /Agreements/ }), 'No agreements match these filters.');

  await page.goto(`/mentoring`);
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Closed' }).click();
  await page.keyboard.press('Escape');
  await clearsBackToRows(page.getByRole('table', { name: 'Programmes' }), 'No programmes match these filters.');
});

async function fitsSideways(table: Locator) {
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  const overflow = await table.evaluate((t) => {
    const box = t.closest('.mantine-Table-scrollContainer') ?? t.parentElement!;
    return { scroll: box.scrollWidth, client: box.clientWidth, table: t.getBoundingClientRect().right, page: document.documentElement.clientWidth };
  });
  expect(overflow.scroll, JSON.stringify(overflow)).toBeLessThanOrEqual(overflow.client + 1);
  expect(overflow.table).toBeLessThanOrEqual(overflow.page);
}

test('on a 390 px phone the partner staff and the roles tables fold instead of scrolling sideways', async ({ page, e2e }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, e2e, `/partners/${e2e.seeded.partnerId}`);
  const staff = page.getByRole('table', { name: 'Staff at this partner' });
  await fitsSideways(staff);
  const sam = staff.getByRole('row', { name: /Sam Rivera/ });
  await expect(sam.getByRole('link', { name: 'sam@cityscape.example.org' })).toBeVisible();

  await page.goto(`/people/${e2e.seeded.principalId}`);
  const roles = page.getByRole('table', { name: 'Roles' });
  await fitsSideways(roles);
  await expect(roles.getByRole('link', { name: 'Maple Grove Elementary' })).toBeVisible();
  await expect(roles).toContainText('current');
  await expectAccessible(page);
});
