import { expect, signIn, test } from './fixtures';

// Every page's screenshots and accessibility audit are the walk in a11y.spec.ts.

test('the home page counts what needs attention', async ({ page, e2e }) => {
  await signIn(page, e2e);
  await expect(page.getByRole('region', { name: /expiring/ })).toContainText('Reading Buddies');
  await expect(page.getByRole('region', { name: /Overdue check-ins/ })).toContainText('Reading Buddies');
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
