// Every page of the web client at desktop and phone width: a full-page screenshot of each under
// test-results/screenshots, and no WCAG 2.1 A/AA violation axe-core can find. The pages and
// the ids they open come from pages.ts; the records they show are made here, through the API.
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

import { accessibilityViolations, type E2E, expect, SCREENSHOTS, signIn, test } from './fixtures';
import { type PageIds, pages, type PageVisit, SIGNED_OUT } from './pages';
import { createWebhook, deleteWebhook } from '../../src/api/gen/sdk.gen';
import { activeAgreement, align, asAdmin, coachingPair, day, dryRunImport, goal, partner, schoolNamed } from './world';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];
const ROUTER = new URL('../../src/app/router.tsx', import.meta.url);
// `TRELLIS_WALK=impact,goals-alignment` walks only the pages of those screenshot names.
const ONLY = process.env.TRELLIS_WALK?.split(',');
const walked = (p: PageVisit) => !ONLY || ONLY.includes(p.name);

/** A middle school with goals on and off track, one a gap, and a coaching pair. */
async function goalsWorld(e2e: E2E): Promise<PageIds> {
  const api = await asAdmin(e2e);
  const goalsSchoolName = 'Cedar Falls Middle';
  const schoolId = await schoolNamed(api, goalsSchoolName);
  const partnerId = await partner(api, 'Northside Science Collaborative', 'enrichment');
  const agreementId = await activeAgreement(api, { partnerId, title: 'Algebra Lab Nights', schoolId, category: 'tutoring' });
  const goalTitle = 'Eighth graders passing algebra';
  const goalId = await goal(api, schoolId, {
    title: goalTitle, area: 'math', priority: 1, baseline: 52, target: 70, readings: [[-60, 53], [-5, 55]],
    metric: 'Share passing the spring algebra exam',
    ask: 'Evening tutoring before the spring exam.', services: ['tutoring'],
  });
  await align(api, goalId, agreementId, 'primary');
  const attendance = await goal(api, schoolId, {
    title: 'Students attending 90% of days', area: 'attendance', priority: 2, baseline: 80, target: 88, readings: [[-3, 86]],
    metric: 'Share of students present on 90% of school days',
  });
  await align(api, attendance, agreementId);
  await goal(api, schoolId, {
    title: 'Families at conferences', area: 'family_engagement', priority: 3, baseline: 45, target: 65, readings: [],
    metric: 'Share of families at autumn conferences',
    ask: 'Interpreters and childcare on conference nights.', services: ['family_engagement'],
  });
  const pair = await coachingPair(api, schoolId, e2e.seeded.districtIds[1]);
  const webhookUrl = 'https://93.184.215.14/hooks/a11y-walk';
  const webhook = await createWebhook({ ...api, body: { url: webhookUrl, event_types: ['goals.*'] } });
  const importFileName = 'a11y-walk-readings.csv';
  const importJobId = await dryRunImport(e2e, importFileName, `goal_id,measured_on,value\n${goalId},${day(-1)},56\n`);
  return {
    ...e2e.seeded,
    goalsSchoolId: schoolId,
    goalsSchoolName,
    goalId,
    goalTitle,
    programId: pair.programId,
    programName: 'Instructional Coaching Pilot',
    matchId: pair.matchId,
    matchName: 'Carmen Coach and Theo Trainee',
    webhookId: webhook.data.id,
    webhookUrl,
    importJobId,
    importFileName,
  };
}

type DialogVisit = { name: string; path: string; opener: string | RegExp; dialog: string | RegExp };

/** One of each kind of dialog: a form, a confirmation, the history drawer. */
const dialogs = (ids: PageIds): DialogVisit[] => [
  { name: 'dialog-new-user', path: '/admin?tab=users', opener: 'New user', dialog: 'New user' },
  { name: 'dialog-new-api-client', path: '/admin?tab=clients', opener: 'New API client', dialog: 'New API client' },
  { name: 'dialog-new-webhook', path: '/admin?tab=webhooks', opener: 'New webhook', dialog: 'New webhook' },
  { name: 'dialog-history', path: `/schools/${ids.mapleGroveId}`, opener: 'History', dialog: 'History of this school' },
  { name: 'dialog-new-programme', path: '/mentoring', opener: 'New programme', dialog: 'New programme' },
  { name: 'dialog-enrol', path: `/mentoring/programs/${ids.programId}?tab=participants`, opener: /^Enrol a/, dialog: /^Enrol a/ },
  { name: 'dialog-apply-import', path: `/imports/${ids.importJobId}`, opener: 'Apply', dialog: `Apply ${ids.importFileName}?` },
  { name: 'dialog-agreement-action', path: `/agreements/${ids.agreementId}`, opener: 'Renew', dialog: /^Renew:/ },
];

/** Resolves once no request of the page's has been open for a moment: its data is on screen. */
function settled(page: Page): () => Promise<void> {
  let open = 0;
  let changed = Date.now();
  const track = (delta: number) => () => {
    open += delta;
    changed = Date.now();
  };
  page.on('request', track(1));
  page.on('requestfinished', track(-1));
  page.on('requestfailed', track(-1));
  return () => expect.poll(() => open <= 0 && Date.now() - changed > 300, { intervals: [100] }).toBe(true);
}

function navigateInApp(page: Page, path: string) {
  return page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** At phone width every tab list fits: no tab past the screen's edge, none scrolled out of sight. */
async function expectTabsFit(page: Page, where: string) {
  const overflowing = await page.getByRole('tablist').evaluateAll((lists) =>
    lists
      .filter((list) => list.getBoundingClientRect().width > 0)
      .filter((list) => {
        const tabs = [...list.querySelectorAll('[role="tab"]')].map((tab) => tab.getBoundingClientRect());
        const outside = tabs.some((tab) => tab.left < -0.5 || tab.right > document.documentElement.clientWidth + 0.5);
        return outside || list.scrollWidth > list.clientWidth + 1;
      })
      .map((list) => list.textContent ?? ''),
  );
  expect.soft(overflowing, `${where}: tab lists wider than the screen`).toEqual([]);
}

/**
 * At phone width no table runs off the screen into a sideways scroll: a table folds its
 * secondary columns under its first cell instead, so nothing (an empty list's text, an action
 * button) is cut at the edge.
 */
async function expectTablesFit(page: Page, where: string) {
  const scrolling = await page.getByRole('table').evaluateAll((tables) =>
    tables
      .filter((table) => table.getBoundingClientRect().width > 0)
      .filter((table) => {
        const box = table.parentElement;
        return table.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 || (box !== null && box.scrollWidth > box.clientWidth + 1);
      })
      .map((table) => table.getAttribute('aria-label') ?? table.id ?? 'a table'),
  );
  expect.soft(scrolling, `${where}: tables wider than the screen`).toEqual([]);
}

/**
 * Each page at each width. Signed in, the walk moves inside the app (as a click on a link
 * does) rather than reloading it: the same screens, without restoring the session thirty times.
 */
async function visit(page: Page, p: PageVisit, how: 'load' | 'in-app', idle: () => Promise<void>) {
  for (const viewport of VIEWPORTS) {
    await test.step(`${p.name} at ${viewport.name} width`, async () => {
      await page.setViewportSize(viewport);
      if (how === 'load') await page.goto(p.path);
      else {
        // Away and back, so the page mounts afresh at this width.
        await navigateInApp(page, '/walk-between-pages');
        await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
        await navigateInApp(page, p.path);
      }
      await expect(page.getByRole('heading', { name: p.heading, level: 1 })).toBeVisible();
      await idle();
      await expect(page.getByText(/Loading/)).toHaveCount(0);
      await page.screenshot({ path: `${SCREENSHOTS}/${p.name}-${viewport.name}.png`, fullPage: true });
      if (viewport.width < 500) {
        await expectTabsFit(page, p.path);
        await expectTablesFit(page, p.path);
      }
      // Soft: one walk reports every page's violations, not only the first page's.
      const violations = await accessibilityViolations(page);
      expect.soft(violations, `${p.path} at ${viewport.name} width:\n${violations.join('\n')}`).toEqual([]);
    });
  }
}

test('every route of the router is on the walk', () => {
  const routes = [...readFileSync(ROUTER, 'utf8').matchAll(/\bpath:\s*'([^']+)'/g)].map((m) => m[1]).filter((r) => r !== '/');
  // Only the routes are read here, so any string stands in for the ids.
  const anyIds = new Proxy({}, { get: () => 'id' }) as PageIds;
  const walked = new Set([...SIGNED_OUT, ...pages(anyIds)].map((p) => p.route));
  expect(routes.filter((r) => !walked.has(r)), 'routes missing from tests/e2e/pages.ts').toEqual([]);
});

test.describe('every page', () => {
  let ids: PageIds;
  test.beforeAll(async () => {
    ids = await goalsWorld(JSON.parse(process.env.TRELLIS_E2E!) as E2E);
  });
  // The administration spec starts from no webhooks.
  test.afterAll(async () => {
    const api = await asAdmin(JSON.parse(process.env.TRELLIS_E2E!) as E2E);
    await deleteWebhook({ ...api, path: { webhook_id: ids.webhookId } });
  });

  test('every kind of dialog, open at desktop and phone width, is a named region with no violations', async ({ page, e2e }) => {
    test.setTimeout(300_000);
    const idle = settled(page);
    await signIn(page, e2e);
    for (const d of dialogs(ids).filter((d) => walked({ ...d, route: '', path: d.path, heading: '' }))) {
      for (const viewport of VIEWPORTS) {
        await test.step(`${d.name} at ${viewport.name} width`, async () => {
          await page.setViewportSize(viewport);
          await navigateInApp(page, '/walk-between-pages');
          await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
          await navigateInApp(page, d.path);
          await idle();
          await page.getByRole('button', { name: d.opener }).first().click();
          const dialog = page.getByRole('dialog', { name: d.dialog });
          await expect(dialog).toBeVisible();
          await idle();
          await page.waitForTimeout(300); // past the opening transition
          await page.screenshot({ path: `${SCREENSHOTS}/${d.name}-${viewport.name}.png` });
          const violations = await accessibilityViolations(page);
          expect.soft(violations, `${d.name} at ${viewport.name} width:\n${violations.join('\n')}`).toEqual([]);
          await page.keyboard.press('Escape');
          await expect(dialog).toHaveCount(0);
        });
      }
    }
  });

  test('screenshots at desktop and phone width, and no WCAG 2.1 AA violations', async ({ page, e2e }) => {
    // About thirty pages, each shot and audited twice: a minute or two on a quiet machine, many
    // more when it is shared.
    test.setTimeout(900_000);
    const idle = settled(page);
    for (const p of SIGNED_OUT.filter(walked)) await visit(page, p, 'load', idle);
    await signIn(page, e2e);
    for (const p of pages(ids).filter(walked)) await visit(page, p, 'in-app', idle);

    const unreachable = { name: 'unreachable', route: '', path: '/', heading: 'The Trellis API is unreachable' };
    if (!walked(unreachable)) return;
    await page.route(`${e2e.apiUrl}/**`, (route) => route.abort('connectionrefused'));
    await visit(page, unreachable, 'load', idle);
  });
});
