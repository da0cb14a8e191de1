import { type E2E, expect, expectAccessible, screenshots, signIn, test } from './fixtures';

const pages = (s: E2E['seeded']) => [
  { name: 'home', path: '/', ready: 'Today' },
  { name: 'schools', path: '/schools', ready: 'Schools' },
  { name: 'school', path: `/schools/${s.mapleGroveId}`, ready: 'Maple Grove Elementary' },
  { name: 'school-edit', path: `/schools/${s.mapleGroveId}/edit`, ready: 'Edit Maple Grove Elementary' },
  { name: 'person', path: `/people/${s.principalId}`, ready: 'Ada Lovelace' },
  { name: 'partners', path: '/partners', ready: 'Partners' },
  { name: 'partner', path: `/partners/${s.partnerId}`, ready: 'Cityscape Tutoring' },
  { name: 'agreements', path: '/agreements', ready: 'Agreements' },
  { name: 'agreement', path: `/agreements/${s.agreementId}`, ready: 'Reading Buddies' },
  { name: 'agreement-new', path: '/agreements/new', ready: 'New agreement' },
  { name: 'not-found', path: '/no-such-page', ready: 'Not found' },
];

test('every main page: screenshots (desktop and phone) and no WCAG 2.1 AA violations', async ({ page, e2e }) => {
  // Eleven pages, each shot twice and audited: a minute is too close on a busy 2-core machine.
  test.setTimeout(180_000);
  await signIn(page, e2e);
  for (const p of pages(e2e.seeded)) {
    await test.step(p.name, async () => {
      await page.goto(p.path);
      await expect(page.getByRole('heading', { name: p.ready, level: 1 })).toBeVisible();
      await expect(page.getByText(/Loading/)).toHaveCount(0);
      await screenshots(page, p.name);
      await expectAccessible(page);
    });
  }
  await test.step('the home page counts what needs attention', async () => {
    await page.goto('/');
    await expect(page.getByRole('region', { name: /expiring/ })).toContainText('Reading Buddies');
    await expect(page.getByRole('region', { name: /Overdue check-ins/ })).toContainText('Reading Buddies');
  });
});

test('sign-in page and the unreachable-API page', async ({ page, e2e }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await screenshots(page, 'sign-in');
  await expectAccessible(page);

  await page.route(`${e2e.apiUrl}/**`, (route) => route.abort('connectionrefused'));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'The Trellis API is unreachable' })).toBeVisible();
  await screenshots(page, 'unreachable');
  await expectAccessible(page);
});

test('a record outside your reach is a clear 404', async ({ page, e2e }) => {
  await signIn(page, e2e);
  await page.goto('/schools/01900000-0000-7000-8000-000000000000');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('the directory marks when its first rows are interactive (Performance API)', async ({ page, e2e }) => {
  // The time itself is a budget for `make bench` (tests/bench); here, that the mark is made.
  await signIn(page, e2e);
  await page.goto('/schools?sort=name');
  await expect(page.getByRole('table', { name: 'Schools' }).getByRole('link').first()).toBeVisible();
  const mark = await page.evaluate(
    () => performance.getEntriesByName('trellis:directory-interactive')[0]?.startTime ?? Number.NaN,
  );
  expect(mark).toBeGreaterThan(0);
});

test('keyboard: skip link, navigation and sorting work without a mouse', async ({ page, e2e }) => {
  await signIn(page, e2e);
  await page.goto('/schools');
  await expect(page.getByRole('table', { name: 'Schools' }).getByRole('link').first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  const sortByName = page.getByRole('button', { name: /Name/ });
  await sortByName.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/sort=-name/);
});
