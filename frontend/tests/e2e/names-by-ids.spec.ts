// A table names the schools and partners on its page in one list call by `ids`, never one
// request per row: counted from the requests the page sends.
import type { Page } from '@playwright/test';

import { bulkUpsertPeople, createAgreement, createRoleAssignment } from '../../src/api/gen/sdk.gen';
import { expect, signIn, test } from './fixtures';
import { asAdmin, day, goal, partner, schoolNamed } from './world';

test.describe.configure({ mode: 'serial' });

// Riverside's (the seed puts even-numbered schools there): an agreement's schools share a district.
const SCHOOLS = ['Birchwood Middle', 'Elm Park Elementary', 'Pine Hollow High'];
const PARTNERS = ['Names Test Robotics League', 'Names Test Garden Club'];
let agreementId: string;

test.beforeAll(async () => {
  const e2e = JSON.parse(process.env.TRELLIS_E2E!);
  const api = await asAdmin(e2e);
  const schoolIds = await Promise.all(SCHOOLS.map((name) => schoolNamed(api, name)));
  for (const [i, schoolId] of schoolIds.entries()) {
    await goal(api, schoolId, {
      title: `Names test goal ${i + 1}`, area: 'attendance', priority: 5, baseline: 80, target: 90, readings: [],
      metric: 'Share of students present on 90% of school days',
    });
  }
  for (const [i, name] of PARTNERS.entries()) {
    const partnerId = await partner(api, name, 'enrichment');
    const { data } = await createAgreement({
      ...api,
      body: {
        partner_id: partnerId,
        title: `Names test agreement ${i + 1}`,
        start_date: day(-10),
        end_date: day(300),
        school_ids: schoolIds,
        services: [{ category: 'enrichment', description: 'After-school clubs' }],
      },
    });
    agreementId = data.id;
  }
});

/** The API requests the page sends from now on, as path and query. */
function apiRequests(page: Page): URL[] {
  const seen: URL[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname.startsWith('/api/v1/')) seen.push(url);
  });
  return seen;
}

const byIds = (seen: URL[], path: string) => seen.filter((u) => u.pathname === path && u.searchParams.has('ids'));
const oneByOne = (seen: URL[], path: string) => seen.filter((u) => u.pathname.startsWith(`${path}/`));

test('the goals table names every school on its page in one request', async ({ page, e2e }) => {
  await signIn(page, e2e);
  const seen = apiRequests(page);
  await page.goto('/goals');
  const table = page.getByRole('table', { name: /Goals/ });
  for (const name of SCHOOLS) await expect(table.getByRole('link', { name, exact: true }).first()).toBeVisible();
  expect(byIds(seen, '/api/v1/schools')).toHaveLength(1);
  expect(byIds(seen, '/api/v1/schools')[0].searchParams.getAll('ids').length).toBeGreaterThanOrEqual(SCHOOLS.length);
  expect(oneByOne(seen, '/api/v1/schools')).toEqual([]);
});

test('the agreements table names its partners in one request, and an agreement its schools in one', async ({ page, e2e }) => {
  await signIn(page, e2e);
  const seen = apiRequests(page);
  await page.goto('/agreements?status=draft');
  const table = page.getByRole('table', { name: 'Agreements' });
  for (const name of PARTNERS) await expect(table.getByRole('link', { name })).toBeVisible();
  expect(byIds(seen, '/api/v1/partners')).toHaveLength(1);
  expect(oneByOne(seen, '/api/v1/partners')).toEqual([]);

  seen.length = 0;
  await page.goto(`/agreements/${agreementId}`);
  for (const name of SCHOOLS) await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  expect(byIds(seen, '/api/v1/schools')).toHaveLength(1);
  expect(oneByOne(seen, '/api/v1/schools')).toEqual([]);
});

test('a person page names the district offices they work in with one request', async ({ page, e2e }) => {
  const api = await asAdmin(e2e);
  const { data } = await bulkUpsertPeople({
    ...api,
    query: { atomic: true },
    body: { items: [{ given_name: 'Dana', family_name: 'Twooffices', sis_id: 'NAMES-1' }] },
  });
  const personId = data.results[0].id!;
  for (const districtId of e2e.seeded.districtIds) {
    await createRoleAssignment({ ...api, body: { person_id: personId, role: 'director', district_id: districtId } });
  }
  await signIn(page, e2e);
  const seen = apiRequests(page);
  await page.goto(`/people/${personId}`);
  for (const name of ['Riverside Unified', 'Lakeview Public Schools']) {
    await expect(page.getByRole('cell', { name: `${name} (district office)`, exact: true })).toBeVisible();
  }
  expect(byIds(seen, '/api/v1/districts')).toHaveLength(1);
  expect(oneByOne(seen, '/api/v1/districts')).toEqual([]);
});

test("an agreement's edit form names every school it serves, in one request", async ({ page, e2e }) => {
  await signIn(page, e2e);
  const seen = apiRequests(page);
  await page.goto(`/agreements/${agreementId}/edit`);
  const form = page.getByRole('form', { name: 'Edit agreement' });
  for (const name of SCHOOLS) await expect(form.getByText(name, { exact: true })).toBeVisible();
  await expect(form.getByText('…', { exact: true })).toHaveCount(0);
  expect(byIds(seen, '/api/v1/schools')).toHaveLength(1);
  expect(oneByOne(seen, '/api/v1/schools')).toEqual([]);
});
