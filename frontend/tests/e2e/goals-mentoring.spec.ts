// Goals, mentoring and impact screens against a real API: data the screens need is made through
// the API's own endpoints (the generated SDK), and what the screens show is checked against it.
import { createClient, createConfig } from '../../src/api/gen/client';
import {
  activateAgreement,
  bulkUpsertPeople,
  createAgreement,
  createMatch,
  createParticipant,
  createProgram,
  getMentoringImpact,
  listPeople,
  proposeAgreement,
} from '../../src/api/gen/sdk.gen';
import type { ParticipantCreate } from '../../src/api/gen/types.gen';
import { type E2E, expect, expectAccessible, screenshots, signIn, test } from './fixtures';
import { token } from './seed';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test.describe.configure({ mode: 'serial' });

type World = { programId: string; mentors: string[]; mentees: string[] };
let world: World;

async function api(e2e: E2E) {
  const access = await token(e2e.apiUrl, e2e.admin.email, e2e.admin.password);
  const client = createClient(createConfig({ baseUrl: e2e.apiUrl, headers: { Authorization: `Bearer ${access}` } }));
  return { client, throwOnError: true as const };
}

/** A mentoring programme with three mentors, six mentees and one pair overdue for a check-in. */
async function mentoringWorld(e2e: E2E): Promise<World> {
  const opts = await api(e2e);
  const names = [
    ['Mona', 'Mentor'], ['Miles', 'Guide'], ['Maya', 'Sage'],
    ['Nia', 'Newcomer'], ['Noah', 'Novice'], ['Nora', 'Fresh'], ['Ned', 'Start'], ['Nell', 'Early'], ['Nico', 'Began'],
  ];
  await bulkUpsertPeople({
    ...opts,
    query: { atomic: true },
    body: { items: names.map(([given_name, family_name], i) => ({ given_name, family_name, sis_id: `GM-${i}` })) },
  });
  const people = await listPeople({ ...opts, query: { sis_id: names.map((_, i) => `GM-${i}`), limit: 50 } });
  const bySis = new Map(people.data.items.map((p) => [p.sis_id, p.id]));
  const program = await createProgram({
    ...opts,
    body: {
      name: 'First-Year Teacher Mentoring',
      kind: 'mentoring',
      start_date: day(-200),
      cadence_days: 14,
      target_caseload: 2,
      status: 'active',
      district_id: e2e.seeded.districtIds[0],
      objectives: 'Experienced teachers support first-year colleagues.',
    },
  });
  const enrol = async (i: number, extra: Partial<ParticipantCreate>) =>
    (
      await createParticipant({
        ...opts,
        body: {
          program_id: program.data.id,
          person_id: bySis.get(`GM-${i}`)!,
          enrolled_on: day(-90),
          school_id: e2e.seeded.mapleGroveId,
          school_level: 'elementary',
          locale_type: 'suburb',
          staff_role: 'teacher',
          role: 'mentee',
          years_experience: 1,
          ...extra,
        },
      })
    ).data.id;
  const mentors: string[] = [];
  for (const i of [0, 1, 2]) mentors.push(await enrol(i, { role: 'mentor', capacity: 2, years_experience: 12 + i }));
  const mentees: string[] = [];
  for (const i of [3, 4, 5, 6, 7, 8]) mentees.push(await enrol(i, {}));
  await createMatch({
    ...opts,
    body: { program_id: program.data.id, mentor_id: mentors[0], mentee_id: mentees[0], status: 'active', started_on: day(-40) },
  });
  // An active agreement of this spec's own at Maple Grove, for the alignment matrix.
  const agreement = await createAgreement({
    ...opts,
    body: {
      partner_id: e2e.seeded.partnerId,
      title: 'Literacy Corps Tutoring',
      start_date: day(-30),
      end_date: day(300),
      school_ids: [e2e.seeded.mapleGroveId],
      services: [{ category: 'tutoring', description: 'Small-group reading' }],
    },
  });
  await proposeAgreement({ ...opts, path: { agreement_id: agreement.data.id } });
  await activateAgreement({ ...opts, path: { agreement_id: agreement.data.id }, body: {} });
  return { programId: program.data.id, mentors, mentees };
}

test.beforeAll(async () => {
  world = await mentoringWorld(JSON.parse(process.env.TRELLIS_E2E!) as E2E);
});

test('set a goal, add readings, and watch progress and on-track change', async ({ page, e2e }) => {
  await signIn(page, e2e, `/goals?school_id=${e2e.seeded.mapleGroveId}`);
  await expect(page.getByText(/No goals for .* at this school yet/)).toBeVisible();
  await page.getByRole('link', { name: 'New goal' }).click();

  const form = page.getByRole('form', { name: 'New goal' });
  await expect(form.getByRole('combobox', { name: 'School', exact: true })).toHaveValue('Maple Grove Elementary');
  await form.getByRole('button', { name: 'Create goal' }).click();
  await expect(form.getByText('Say what the goal is')).toBeVisible();
  await expect(form.getByText('Choose an area')).toBeVisible();

  await form.getByRole('textbox', { name: 'Goal', exact: true }).fill('More third graders reading at grade level');
  await form.getByRole('combobox', { name: 'Area' }).click();
  await page.getByRole('option', { name: 'English language arts' }).click();
  await form.getByRole('textbox', { name: 'Priority' }).fill('1');
  await form.getByRole('textbox', { name: 'Unit' }).fill('%');
  await form.getByRole('textbox', { name: 'Baseline value' }).fill('40');
  await form.getByLabel('Baseline date').fill(day(-60));
  await form.getByRole('textbox', { name: 'Target value' }).fill('60');
  await form.getByLabel('Target date').fill(day(-70));
  await form.getByRole('button', { name: 'Create goal' }).click();
  await expect(form.getByText('The target date comes after the baseline date')).toBeVisible();
  await form.getByLabel('Target date').fill(day(300));
  await form.getByRole('textbox', { name: 'In the school\'s words' }).fill('Reading tutors three mornings a week.');
  await form.getByRole('button', { name: 'Create goal' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'More third graders reading at grade level' })).toBeVisible();
  await expect(page.getByText('No readings yet', { exact: true }).first()).toBeVisible();

  // Behind: 41 % when the straight line from 40 % to 60 % already expects about 43 %.
  const reading = page.getByRole('form', { name: 'Add a reading' });
  await reading.getByLabel('Date').fill(day(-1));
  await reading.getByRole('textbox', { name: /Value/ }).fill('41');
  await reading.getByRole('textbox', { name: 'Source' }).fill('Benchmark screener');
  await reading.getByRole('button', { name: 'Add reading' }).click();
  await expect(page.getByText('Behind', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Progress: 5% of the way to target' })).toBeVisible();

  // Ahead of the line: on track, and half the way there.
  await reading.getByLabel('Date').fill(day(0));
  await reading.getByRole('textbox', { name: /Value/ }).fill('50');
  await reading.getByRole('button', { name: 'Add reading' }).click();
  await expect(page.getByText('On track', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Progress: 50% of the way to target' })).toBeVisible();
  const table = page.getByRole('table', { name: /Readings/ });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('img', { name: /Chart of 2 readings against the straight line from 40%/ })).toBeVisible();
  await expect(page.locator('.recharts-surface')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'goal');

  await page.getByRole('link', { name: /Maple Grove Elementary · / }).click();
  const row = page.getByRole('row', { name: /More third graders/ });
  await expect(row.getByText('On track')).toBeVisible();
  await expect(row.getByText('50% / 60%')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'goals');

  // The alignment matrix: the new goal is a gap until an active agreement is aligned to it.
  await page.getByRole('link', { name: 'Alignment' }).click();
  const matrix = page.getByRole('table', { name: 'Goals and the agreements aligned to them' });
  const goalRow = matrix.getByRole('row', { name: /More third graders/ });
  await expect(goalRow.getByText('Gap', { exact: true })).toBeVisible();
  await expect(page.getByText(/active goals? ha(s|ve) no active agreement behind/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'goals-alignment');
  await goalRow.getByRole('button', { name: /^Align Literacy Corps Tutoring to More third graders/ }).click();
  await page.getByRole('menuitem', { name: 'As primary support' }).click();
  await expect(goalRow.getByText('Primary', { exact: true })).toBeVisible();
  await expect(goalRow.getByText('Gap', { exact: true })).toHaveCount(0);

  await goalRow.getByRole('link', { name: 'More third graders reading at grade level' }).click();
  await page.getByRole('link', { name: 'Edit goal' }).click();
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Achieved' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Achieved', { exact: true }).first()).toBeVisible();
});

test('a pair overdue for a check-in turns on track once one is logged', async ({ page, e2e }) => {
  await signIn(page, e2e, '/mentoring');
  await expect(page.getByRole('table', { name: 'Caseloads' }).getByRole('row', { name: /Mona Mentor/ })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'mentoring');
  await page.getByRole('table', { name: 'Programmes' }).getByRole('link', { name: 'First-Year Teacher Mentoring' }).click();
  const pairs = page.getByRole('table', { name: 'Pairs' });
  const pair = pairs.getByRole('row', { name: /Mona Mentor/ });
  await expect(pair.getByText('Needs a check-in')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'mentoring-programme');

  await pair.getByRole('link', { name: 'Mona Mentor and Nia Newcomer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mona Mentor and Nia Newcomer' })).toBeVisible();
  await expect(page.getByTestId('health-line')).toContainText('one was due by');
  const form = page.getByRole('form', { name: 'Log a check-in' });
  await form.getByRole('textbox', { name: 'Focus' }).fill('Classroom routines');
  await form.getByRole('button', { name: 'Log check-in' }).click();
  await expect(page.getByText('On track', { exact: true })).toBeVisible();
  await expect(page.getByTestId('health-line')).toContainText('Next check-in due by');
  await expect(page.getByRole('table', { name: 'Check-ins, newest first' }).getByText('Classroom routines')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'mentoring-pair');
});

test('review suggested pairs with their reasons and accept some', async ({ page, e2e }) => {
  await signIn(page, e2e, `/mentoring/programs/${world.programId}?tab=suggestions`);
  const list = page.getByRole('list', { name: 'Suggested pairs' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  const offered = await list.locator(':scope > li').count();
  expect(offered).toBeGreaterThan(0);
  await expect(list.getByText('Both work in elementary schools.').first()).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'mentoring-suggestions');

  await list.getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Propose 1 selected pair' }).click();
  await expect(page.getByText('1 pair proposed.')).toBeVisible();
  await expect(list.locator(':scope > li')).toHaveCount(offered - 1);

  await page.getByRole('tab', { name: 'Pairs', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Pairs' }).getByText('Proposed', { exact: true })).toBeVisible();

  await page.getByRole('tab', { name: 'Caseloads' }).click();
  await expect(page.getByRole('table', { name: 'Caseloads' }).getByRole('row', { name: /Mona Mentor/ })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'mentoring-caseloads');
});

test('the impact dashboard shows the figures the API computes, and says why any are withheld', async ({ page, e2e }) => {
  const opts = await api(e2e);
  const { data } = await getMentoringImpact({ ...opts, query: { program_id: [world.programId] } });
  await signIn(page, e2e, `/impact?program_id=${world.programId}`);
  await expect(page.getByRole('list', { name: 'Outcome pyramid, top level first' }).getByRole('listitem')).toHaveCount(5);

  const participation = page.getByRole('region', { name: '1. Participation' });
  const figure = (name: string) => participation.getByRole('group', { name });
  await expect(figure('People enrolled').getByText(String(data.participation.enrolled.people), { exact: true })).toBeVisible();
  await expect(figure('Active pairs').getByText(String(data.participation.active_matches.n), { exact: true })).toBeVisible();
  const rate = data.participation.check_ins_per_match_month;
  await expect(figure('Check-ins per pair per month')).toContainText(
    rate.withheld_reason ? `Withheld: ${rate.withheld_reason}` : rate.value!.toFixed(2),
  );

  const retention = data.results.retention_12_months.mentees;
  const results = page.getByRole('region', { name: /5\. Results/ });
  await expect(results.getByRole('row', { name: /Mentees/ })).toContainText(
    retention.withheld_reason ? `Withheld: ${retention.withheld_reason}` : `${Math.round(retention.value! * 100)}%`,
  );
  await expectAccessible(page);
  await screenshots(page, 'impact');
});
