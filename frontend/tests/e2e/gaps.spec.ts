// Tab titles, gap suggestions in words, names fetched in one call and totals counted once,
// checked in Chromium against a real API with data made through the generated SDK.
import type { Request } from '@playwright/test';

import {
  bulkUpsertPeople,
  createGoal,
  createMatch,
  createParticipant,
  createProgram,
  createSchool,
  getAlignmentMetrics,
  listPeople,
} from '../../src/api/gen/sdk.gen';
import { reasonsSentence } from '../../src/features/goals/gap-reasons';
import { currentSchoolYear } from '../../src/features/goals/vocabulary';
import { type E2E, expect, signIn, test } from './fixtures';
import { activeAgreement, asAdmin, day, goal, partner } from './world';

test.describe.configure({ mode: 'serial' });

const PAGED_YEAR = '2031-32';
const GAP_GOAL = 'Gaps: reading fluency';
const PROGRAM = 'Gaps Peer Mentoring';

type World = { schoolId: string; goalId: string; programId: string; matchId: string; mentor: string; mentee: string };
let world: World;

/** 9 mentors and 26 mentees, each mentee paired: more pairs than one page of 25. */
async function pairedProgram(e2e: E2E, api: Awaited<ReturnType<typeof asAdmin>>, schoolId: string) {
  const mentors = Array.from({ length: 9 }, (_, i) => ['Gemma', `Mentor${String.fromCharCode(65 + i)}`]);
  const mentees = Array.from({ length: 26 }, (_, i) => ['Gus', `Mentee${String.fromCharCode(65 + i)}`]);
  const names = [...mentors, ...mentees];
  await bulkUpsertPeople({
    ...api,
    query: { atomic: true },
    body: { items: names.map(([given_name, family_name], i) => ({ given_name, family_name, sis_id: `GP-${i}` })) },
  });
  const people = await listPeople({ ...api, query: { sis_id: names.map((_, i) => `GP-${i}`), limit: 100 } });
  const bySis = new Map(people.data.items.map((p) => [p.sis_id, p.id]));
  const program = await createProgram({
    ...api,
    body: { name: PROGRAM, kind: 'mentoring', start_date: day(-100), status: 'active', district_id: e2e.seeded.districtIds[0] },
  });
  const enrol = async (i: number, role: 'mentor' | 'mentee') =>
    (
      await createParticipant({
        ...api,
        body: {
          program_id: program.data.id,
          person_id: bySis.get(`GP-${i}`)!,
          enrolled_on: day(-60),
          school_id: schoolId,
          role,
          capacity: role === 'mentor' ? 3 : null,
        },
      })
    ).data.id;
  const mentorIds: string[] = [];
  for (const i of mentors.keys()) mentorIds.push(await enrol(i, 'mentor'));
  let firstMatch = '';
  for (const i of mentees.keys()) {
    const menteeId = await enrol(mentors.length + i, 'mentee');
    const match = await createMatch({
      ...api,
      body: { program_id: program.data.id, mentor_id: mentorIds[i % 9], mentee_id: menteeId, status: 'active', started_on: day(-30) },
    });
    firstMatch ||= match.data.id;
  }
  return { programId: program.data.id, matchId: firstMatch, mentor: mentors[0].join(' '), mentee: mentees[0].join(' ') };
}

test.beforeAll(async () => {
  const e2e = JSON.parse(process.env.TRELLIS_E2E!) as E2E;
  const api = await asAdmin(e2e);
  // A school of this spec's own, so other specs' goal lists and matrices do not see its goals.
  const school = await createSchool({ ...api, body: { name: 'Gaps Ridge Elementary', district_id: e2e.seeded.districtIds[0] } });
  const schoolId = school.data.id;
  const partnerId = await partner(api, 'Gaps Reading Partners', 'tutoring');
  await activeAgreement(api, { partnerId, title: 'Gaps Reading Help', schoolId, category: 'tutoring' });
  const goalId = await goal(api, schoolId, {
    title: GAP_GOAL,
    area: 'ela',
    priority: 1,
    baseline: 20,
    target: 60,
    readings: [],
    metric: 'Words correct per minute',
    services: ['tutoring'],
  });
  // More goals than one page, in a year of their own so the alignment matrix stays small.
  for (let i = 0; i < 26; i++) {
    await createGoal({
      ...api,
      body: { school_id: schoolId, school_year: PAGED_YEAR, title: `Paged goal ${String(i).padStart(2, '0')}`, area: 'math', status: 'active' },
    });
  }
  world = { schoolId, goalId, ...(await pairedProgram(e2e, api, schoolId)) };
});

test('every goals, mentoring and impact page names its own tab', async ({ page, e2e }) => {
  await signIn(page, e2e);
  await expect(page).toHaveTitle('Today · Trellis');
  const pages: [string, string][] = [
    ['/goals', 'Goals'],
    [`/goals/${world.goalId}`, GAP_GOAL],
    ['/goals/new', 'New goal'],
    [`/goals/${world.goalId}/edit`, `Edit ${GAP_GOAL}`],
    ['/goals/alignment', 'Goal alignment'],
    ['/mentoring', 'Mentoring and coaching'],
    [`/mentoring/programs/${world.programId}`, PROGRAM],
    [`/mentoring/matches/${world.matchId}`, `${world.mentor} and ${world.mentee}`],
    ['/impact', 'Impact of mentoring and coaching'],
  ];
  for (const [path, title] of pages) {
    await page.goto(path);
    await expect(page, path).toHaveTitle(`${title} · Trellis`);
  }
});

test("the partners suggested for a gap read as the API ranks them, with reasons in words", async ({ page, e2e }) => {
  const api = await asAdmin(e2e);
  const schoolYear = currentSchoolYear();
  const { data } = await getAlignmentMetrics({ ...api, query: { school_id: world.schoolId, school_year: schoolYear, suggestions: 3 } });
  const gap = data.gaps.find((g) => g.goal_id === world.goalId)!;
  expect(gap.suggested_partners.map((p) => p.name)).toContain('Gaps Reading Partners');
  expect(gap.suggested_partners[0].reasons).toContain('offers_asked_service');

  await signIn(page, e2e, `/goals/alignment?school_id=${world.schoolId}&school_year=${schoolYear}`);
  const section = page.getByRole('region', { name: `Partners for ${GAP_GOAL}` });
  const items = section.getByRole('listitem');
  await expect(items).toHaveCount(gap.suggested_partners.length);
  for (const [i, p] of gap.suggested_partners.entries()) {
    await expect(items.nth(i)).toHaveText(`${p.name}: ${reasonsSentence(p.reasons)}`);
  }
  await expect(section).toContainText('Offers a service this goal asks for');
  await expect(page.getByRole('region', { name: 'Partners who could close the gaps' })).not.toContainText(/[a-z]+_[a-z]+/);
  await section.getByRole('link', { name: 'Gaps Reading Partners' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gaps Reading Partners' })).toBeVisible();
});

function recorder(page: import('@playwright/test').Page) {
  const seen: URL[] = [];
  const onRequest = (r: Request) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/v1/')) seen.push(url);
  };
  page.on('request', onRequest);
  return {
    list: (path: string) => seen.filter((u) => u.pathname === path),
    one: (prefix: string) => seen.filter((u) => u.pathname.startsWith(prefix) && u.pathname !== prefix.replace(/\/$/, '')),
    clear: () => seen.splice(0),
  };
}

test('a page of 25 pairs asks for its 34 people by name in one call and counts the pairs once', async ({ page, e2e }) => {
  await signIn(page, e2e);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const requests = recorder(page);
  await page.goto(`/mentoring/programs/${world.programId}`);
  const table = page.getByRole('table', { name: 'Pairs' });
  await expect(table.getByRole('row')).toHaveCount(26);
  await expect(table.getByRole('link', { name: `${world.mentor} and ${world.mentee}` })).toBeVisible();
  await expect(page.getByText('26 pairs · page 1')).toBeVisible();

  expect(requests.one('/api/v1/people/'), 'one request per person').toHaveLength(0);
  const names = requests.list('/api/v1/people').filter((u) => u.searchParams.has('ids'));
  expect(names).toHaveLength(1);
  expect(names[0].searchParams.getAll('ids')).toHaveLength(34);
  const first = requests.list('/api/v1/mentoring/matches');
  expect(first.map((u) => u.searchParams.get('include_total'))).toEqual(['true']);

  requests.clear();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('26 pairs · page 2')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);
  const next = requests.list('/api/v1/mentoring/matches');
  expect(next).toHaveLength(1);
  expect(next[0].searchParams.get('include_total')).not.toBe('true');
  expect(requests.one('/api/v1/people/')).toHaveLength(0);
});

test('the goals list counts its goals on the first page only', async ({ page, e2e }) => {
  await signIn(page, e2e);
  const requests = recorder(page);
  await page.goto(`/goals?school_id=${world.schoolId}&school_year=${PAGED_YEAR}`);
  await expect(page.getByText('26 goals · page 1')).toBeVisible();
  expect(requests.list('/api/v1/goals').map((u) => u.searchParams.get('include_total'))).toEqual(['true']);
  requests.clear();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('26 goals · page 2')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Paged goal 25' })).toBeVisible();
  const next = requests.list('/api/v1/goals');
  expect(next).toHaveLength(1);
  expect(next[0].searchParams.get('include_total')).not.toBe('true');
});
