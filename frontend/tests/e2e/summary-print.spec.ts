// The school summary printed by Chromium: one or two A4 or Letter pages for a school like the
// demo's and for a school with far more goals, agreements and contacts than fit, and the figures
// on it are the ones the API's JSON gives.
import type { Page } from '@playwright/test';

import { getSchoolSummary } from '../../src/api/gen/sdk.gen';
import type { SchoolSummary } from '../../src/api/gen/types.gen';
import { SUMMARY_CAPS } from '../../src/features/goals/summary/cap';
import { formatValue } from '../../src/features/goals/format-value';
import { NOT_COMPUTED } from '../../src/features/goals/vocabulary';
import { expect, screenshots, signIn, test } from './fixtures';
import { activeAgreement, align, type Api, asAdmin, goal, type GoalPlan, keyContacts, partner, schoolNamed } from './world';

const AREAS: GoalPlan['area'][] = ['math', 'ela', 'attendance', 'science', 'sel_wellbeing', 'family_engagement', 'school_climate'];

/** Like a demo school: three goals, two partners, one goal still a gap. */
async function typicalSchool(api: Api): Promise<string> {
  const schoolId = await schoolNamed(api, 'Oakridge Elementary');
  await keyContacts(api, schoolId, [['Priya', 'Principal'], ['Cole', 'Coordinator']], 'SUM-T');
  const tutors = await partner(api, 'Lakeside Literacy Volunteers', 'tutoring');
  const clinic = await partner(api, 'Oakridge Family Clinic', 'health');
  const reading = await activeAgreement(api, { partnerId: tutors, title: 'Morning Reading Tutors', schoolId, category: 'tutoring' });
  const health = await activeAgreement(api, { partnerId: clinic, title: 'School Nurse Hours', schoolId, category: 'health' });
  const ela = await goal(api, schoolId, {
    title: 'Third graders reading at grade level', area: 'ela', priority: 1, baseline: 40, target: 60,
    readings: [[-90, 42], [-10, 51]], metric: 'Share at benchmark on the spring screener',
    ask: 'Trained volunteers for one-to-one reading, three mornings a week.', services: ['tutoring'],
  });
  await align(api, ela, reading, 'primary');
  const attendance = await goal(api, schoolId, {
    title: 'Fewer chronically absent students', area: 'attendance', priority: 2, baseline: 18, target: 12,
    readings: [[-20, 17]], metric: 'Share missing 10% of days or more',
  });
  await align(api, attendance, health);
  await goal(api, schoolId, {
    title: 'Families at every conference', area: 'family_engagement', priority: 3, baseline: 55, target: 75,
    readings: [], metric: 'Share of families at autumn conferences', ask: 'Interpreters and childcare on conference nights.',
    services: ['family_engagement'],
  });
  return schoolId;
}

/** Far more than fits: 14 goals with long asks, 9 agreements from 6 partners, 8 key contacts. */
async function busySchool(api: Api): Promise<string> {
  const schoolId = await schoolNamed(api, 'Pine Hollow High');
  await keyContacts(
    api,
    schoolId,
    [['Hana', 'Head'], ['Ivo', 'Ivanov'], ['Jo', 'Jensen'], ['Kai', 'Kowalski'], ['Lea', 'Lindqvist'], ['Max', 'Moreno'], ['Noor', 'Nasser'], ['Omar', 'Okafor']],
    'SUM-B',
  );
  const partners = [];
  for (const [i, name] of ['Harbor STEM Alliance', 'Pine Hollow Rotary', 'Riverbend Youth Sports', 'County Behavioral Health', 'First Generation Forward', 'Makers Guild'].entries()) {
    partners.push(await partner(api, name, (['tutoring', 'mentoring', 'physical_activity', 'mental_health', 'college_career', 'enrichment'] as const)[i]));
  }
  const agreements = [];
  for (let i = 0; i < 9; i++) {
    agreements.push(
      await activeAgreement(api, { partnerId: partners[i % partners.length], title: `Pine Hollow Programme ${i + 1}`, schoolId, category: 'enrichment' }),
    );
  }
  for (let i = 0; i < 14; i++) {
    const id = await goal(api, schoolId, {
      title: `Goal ${i + 1}: ${['more ninth graders on track to graduate', 'higher algebra pass rate', 'fewer suspensions', 'more FAFSA completions', 'stronger sense of belonging'][i % 5]}`,
      area: AREAS[i % AREAS.length],
      priority: i + 1,
      baseline: 30 + i,
      target: 60 + i,
      readings: i % 4 === 3 ? [] : [[-40, 33 + i], [-2, 40 + i + (i % 3) * 6]],
      metric: 'Share of students, from the district data warehouse, measured each quarter',
      ask: 'Partners who can bring adults into the building every week, work with small groups after school, and report back on attendance each month.',
      services: ['tutoring', 'mentoring', 'after_school'],
    });
    // Goals 13 and 14 are left as gaps; the rest have four or five agreements behind them.
    // One at a time: SQLite takes one writer.
    if (i < 12) {
      for (const [k, a] of agreements.slice(i % 5, (i % 5) + 4 + (i % 2)).entries()) await align(api, id, a, k === 0 ? 'primary' : 'supporting');
    }
  }
  return schoolId;
}

/** Pages in a PDF Chromium wrote: its page objects, checked against the page tree's count. */
function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  const tree = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text) ?? /\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/.exec(text);
  expect(tree, 'the PDF has a page tree').not.toBeNull();
  expect(pages).toBe(Number(tree![1]));
  return pages;
}

async function expectFiguresOfApi(page: Page, summary: SchoolSummary) {
  const goals = page.getByRole('list', { name: `Goals for ${summary.school_year}` }).locator(':scope > li');
  const shown = summary.goals.slice(0, SUMMARY_CAPS.goals);
  await expect(goals).toHaveCount(shown.length);
  for (const [i, g] of shown.entries()) {
    const row = goals.nth(i);
    await expect(row.getByRole('heading', { level: 3 })).toHaveText(`${g.priority}. ${g.title}`);
    if (g.progress != null) {
      await expect(row.getByRole('progressbar', { name: `${g.title}: ${Math.round(g.progress * 100)}% of the way to target` })).toBeVisible();
    } else {
      await expect(row.getByText(NOT_COMPUTED[g.progress_reason!]).first()).toBeVisible();
    }
    await expect(row.getByRole('definition').nth(1)).toContainText(g.latest != null ? formatValue(g.latest, g.unit) : 'no reading yet');
    if (g.on_track != null) await expect(row.getByText(g.on_track ? 'On track' : 'Behind', { exact: true })).toBeVisible();
    const partnerNames = g.aligned.slice(0, SUMMARY_CAPS.aligned).map((a) => a.partner_name);
    for (const name of partnerNames) await expect(row.getByText(name).first()).toBeVisible();
    if (g.aligned.length > SUMMARY_CAPS.aligned) {
      await expect(row.getByText(`and ${g.aligned.length - SUMMARY_CAPS.aligned} more agreement`)).toBeVisible();
    }
  }
  const moreGoals = summary.goals.length - shown.length;
  if (moreGoals > 0) await expect(page.getByText(`and ${moreGoals} more goal`)).toBeVisible();

  const gaps = page.getByRole('list', { name: 'Goals without a partner' }).locator(':scope > li');
  const gapsShown = Math.min(summary.gaps.length, SUMMARY_CAPS.gaps);
  await expect(gaps).toHaveCount(gapsShown + (summary.gaps.length > gapsShown ? 1 : 0));
  for (const gap of summary.gaps.slice(0, gapsShown)) await expect(gaps.getByText(gap.title, { exact: true })).toBeVisible();

  const partners = page.getByRole('list', { name: 'Partners aligned to our goals' });
  for (const p of summary.partners.slice(0, SUMMARY_CAPS.partners)) {
    await expect(partners.getByRole('listitem').filter({ hasText: p.name })).toContainText(`(${p.goals} goal${p.goals === 1 ? '' : 's'})`);
  }
  const contacts = page.getByRole('list', { name: 'Key contacts' }).locator(':scope > li');
  const contactsShown = Math.min(summary.key_contacts.length, SUMMARY_CAPS.contacts);
  await expect(contacts).toHaveCount(contactsShown + (summary.key_contacts.length > contactsShown ? 1 : 0));
}

async function expectPrintsOnOneOrTwoPages(page: Page, name: string) {
  await page.emulateMedia({ media: 'print' });
  // In print, the summary is the whole page: no navigation, header or buttons.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print summary' })).toBeHidden();
  for (const format of ['A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format, path: `test-results/screenshots/${name}-${format}.pdf` });
    const pages = pdfPageCount(pdf);
    expect(pages, `${name} on ${format}`).toBeGreaterThanOrEqual(1);
    expect(pages, `${name} on ${format}`).toBeLessThanOrEqual(2);
  }
  await page.emulateMedia({ media: 'screen' });
}

async function summaryOf(api: Api, schoolId: string): Promise<SchoolSummary> {
  return (await getSchoolSummary({ ...api, path: { school_id: schoolId } })).data;
}

test('a school like the demo\'s: reached from its page, its figures, and one or two printed pages', async ({ page, e2e }) => {
  test.setTimeout(120_000);
  const api = await asAdmin(e2e);
  const schoolId = await typicalSchool(api);
  const summary = await summaryOf(api, schoolId);

  await signIn(page, e2e, `/schools/${schoolId}`);
  await page.getByRole('link', { name: 'Print summary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Oakridge Elementary' })).toBeVisible();
  await expect(page).toHaveTitle(`Oakridge Elementary summary ${summary.school_year} · Trellis`);
  await expectFiguresOfApi(page, summary);
  expect(summary.gaps.map((g) => g.title)).toEqual(['Families at every conference']);
  await screenshots(page, 'summary-typical');
  await expectPrintsOnOneOrTwoPages(page, 'summary-typical');
});

test('a school with many goals, agreements and contacts still prints on two pages at most', async ({ page, e2e }) => {
  test.setTimeout(240_000);
  const api = await asAdmin(e2e);
  const schoolId = await busySchool(api);
  const summary = await summaryOf(api, schoolId);
  expect(summary.goals.length).toBeGreaterThan(SUMMARY_CAPS.goals);
  expect(summary.key_contacts.length).toBeGreaterThan(SUMMARY_CAPS.contacts);

  await signIn(page, e2e, `/schools/${schoolId}/summary`);
  await expect(page.getByRole('heading', { level: 1, name: 'Pine Hollow High' })).toBeVisible();
  await expectFiguresOfApi(page, summary);
  await expect(page.getByText(`and ${summary.key_contacts.length - SUMMARY_CAPS.contacts} more contacts`)).toBeVisible();
  await screenshots(page, 'summary-busy');
  await expectPrintsOnOneOrTwoPages(page, 'summary-busy');
});
