import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Seeded } from './seed';

export type E2E = { apiUrl: string; webUrl: string; admin: Account; seeded: Seeded };

export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

export const test = base.extend<{ e2e: E2E }>({
  e2e: async ({}, use) => use(JSON.parse(process.env.TRELLIS_E2E!) as E2E),
  baseURL: async ({}, use) => use((JSON.parse(process.env.TRELLIS_E2E!) as E2E).webUrl),
});
export { expect };

export type Account = { email: string; password: string };

/** Signs in through the form (as the administrator unless `who` is given) and waits for `next`. */
export async function signIn(page: Page, e2e: E2E, next = '/', who: Account = e2e.admin) {
  await page.goto(next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

/** Desktop and 390 px phone screenshots of the current page, under test-results/screenshots. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(desktop);
}

/**
 * What axe-core finds against WCAG 2.1 A/AA on the current page, one line per rule broken; and
 * its "region" rule (a best practice): all content inside a landmark, an open dialog included.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // The app has no frames: axe runs in the page itself, without a blank page opened per run.
    .setLegacyMode(true)
    // Violations are all that is read: not collecting every passing node makes a run much faster.
    .options({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { region: { enabled: true } },
      resultTypes: ['violations'],
    })
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`,
  );
}

/** No WCAG 2.1 A/AA violations that axe-core can find. */
export async function expectAccessible(page: Page) {
  const summary = await accessibilityViolations(page);
  expect(summary, summary.join('\n')).toEqual([]);
}
