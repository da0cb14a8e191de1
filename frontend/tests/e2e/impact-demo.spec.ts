// The impact dashboard on the demo district (`trellis seed-demo`, served by an API of its own so
// the other specs keep their data): every figure on screen is the one GET /metrics/mentoring
// answers for the same filters, read with the page's own token, and every withheld one says why.
import type { Locator, Page } from '@playwright/test';

import type { MentoringImpact } from '../../src/api/gen/types.gen';
import { percent, signed } from '../../src/features/mentoring/impact/intervals';
import { humanize } from '../../src/lib/format';
import { type ApiServer, startApi } from './api-server';
import { type Account, type E2E, expect, expectAccessible, signIn, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

const VIEWER: Account = { email: 'impact.viewer@example.org', password: 'impact-demo-password' };
let demo: ApiServer;

test.beforeAll(async () => {
  test.setTimeout(180_000); // migrating and seeding the demo district takes a while on a busy machine
  const e2e = JSON.parse(process.env.TRELLIS_E2E!) as E2E;
  demo = await startApi({ webUrl: e2e.webUrl, admin: VIEWER, seed: ['seed-demo'] });
});
test.afterAll(() => demo?.stop());

// The client reads its API's address from config.json: this spec's pages talk to the demo's.
test.beforeEach(async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: { apiBaseUrl: demo.url } }));
});

/** Opens the dashboard with these filters; the API's answer to the very request the page sent. */
async function openImpact(page: Page, filters: string): Promise<MentoringImpact> {
  const sent = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/metrics/mentoring');
  await page.goto(`/impact${filters ? `?${filters}` : ''}`);
  const request = await sent;
  expect(new URL(request.url()).searchParams.toString()).toBe(new URLSearchParams(filters).toString());
  const answer = await fetch(request.url(), { headers: { Authorization: (await request.allHeaders())['authorization'] } });
  expect(answer.status).toBe(200);
  await expect(page.getByRole('list', { name: 'Outcome pyramid, top level first' }).getByRole('listitem')).toHaveCount(5);
  return (await answer.json()) as MentoringImpact;
}

type Estimate = { value?: number | null; withheld_reason: string | null };
const shown = (e: Estimate, format: (v: number) => string) => (e.withheld_reason ? `Withheld: ${e.withheld_reason}` : format(e.value!));

async function expectFigure(where: Locator, name: string, text: string, nth = 0) {
  await expect(where.getByRole('group', { name, exact: true }).nth(nth)).toContainText(text);
}

async function expectFigures(page: Page, m: MentoringImpact) {
  const p = m.participation;
  const participation = page.getByRole('region', { name: '1. Participation' });
  await expectFigure(participation, 'People enrolled', String(p.enrolled.people));
  await expectFigure(participation, 'Active pairs', String(p.active_matches.n));
  await expectFigure(participation, 'Check-ins per pair per month', shown(p.check_ins_per_match_month, (v) => v.toFixed(2)));
  await expectFigure(participation, 'Pairs that kept the cadence', shown(p.cadence_adherence, (v) => percent(v)));
  await expectFigure(
    participation,
    'Mean caseload against target',
    p.caseload.withheld_reason ? `Withheld: ${p.caseload.withheld_reason}` : `${p.caseload.mean_caseload!.toFixed(1)} / ${p.caseload.mean_target!.toFixed(1)}`,
  );

  const satisfaction = page.getByRole('region', { name: '2. Satisfaction' });
  for (const [i, item] of m.satisfaction.items.entries()) {
    await expectFigure(satisfaction, 'Mean of 5', shown(item.mean, (v) => v.toFixed(2)), i);
    await expectFigure(satisfaction, 'Response rate', shown(item.response_rate, (v) => percent(v)), i);
  }

  const changes = async (region: Locator, rows: [string, MentoringImpact['growth']['surveys'][number]['change']][]) => {
    for (const [label, c] of rows) {
      const row = region.getByRole('table').getByRole('row', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
      await expect(row).toContainText(c.withheld_reason ? `Withheld: ${c.withheld_reason}` : signed(c.mean_change!));
    }
  };
  await changes(page.getByRole('region', { name: /^3\. Growth/ }), m.growth.surveys.map((g) => [g.survey_name, g.change]));
  await changes(page.getByRole('region', { name: /^4\. Performance/ }), m.performance.dimensions.map((d) => [humanize(d.dimension), d.change]));

  const r = m.results.retention_12_months;
  const results = page.getByRole('region', { name: /^5\. Results/ });
  const table = results.getByRole('table');
  await expect(table.getByRole('row', { name: /^Mentees/ })).toContainText(shown(r.mentees, (v) => percent(v)));
  await expect(table.getByRole('row', { name: /^Comparison/ })).toContainText(shown(r.comparison, (v) => percent(v)));
  if (r.difference.withheld_reason) {
    await expect(results.getByRole('alert').filter({ hasText: 'Difference withheld' })).toContainText(r.difference.withheld_reason);
  } else {
    await expect(results).toContainText(`Difference: ${signed(r.difference.value! * 100, 1)} percentage points`);
  }
}

/** The reason of every figure the API withheld. */
function withheld(m: MentoringImpact): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const reason = (value as { withheld_reason?: string | null }).withheld_reason;
      if (reason) found.push(reason);
      Object.values(value).forEach(walk);
    }
  };
  walk(m);
  return found;
}

test('the demo’s impact figures, unfiltered and by school level, are the ones the API computes', async ({ page, e2e }) => {
  await signIn(page, e2e, '/', VIEWER);
  for (const filters of ['', 'school_level=high', 'school_level=middle&locale_type=suburb']) {
    await test.step(filters || 'no filters', async () => {
      const m = await openImpact(page, filters);
      expect(m.participation.enrolled.people).toBeGreaterThan(0); // the demo's programmes are there
      await expectFigures(page, m);
    });
  }
  await expectAccessible(page);
});

test('withheld figures say why, and only where the API withheld them', async ({ page, e2e }) => {
  await signIn(page, e2e, '/', VIEWER);
  // A level with a handful of people: nearly everything below the reporting threshold.
  const few = await openImpact(page, 'school_level=prekindergarten');
  const reasons = withheld(few);
  expect(reasons.length).toBeGreaterThan(5);
  await expectFigures(page, few);
  // Each withheld figure shows its reason once on screen; none shows for a figure that was not.
  const onScreen = page.getByText(/^Withheld: /).filter({ visible: true });
  const shownReasons = await onScreen.allTextContents();
  expect(shownReasons.length).toBeGreaterThan(0);
  for (const text of shownReasons) expect(reasons).toContain(text.replace(/^Withheld: /, ''));

  const all = await openImpact(page, '');
  await expectFigures(page, all);
  expect(withheld(all).length).toBe(await page.getByText(/^Withheld: /).filter({ visible: true }).count());
  await expectAccessible(page);
});
