// Starting and editing a programme, and enrolling, editing and withdrawing a participant, from
// the web client; each change is read back through the API.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { bulkUpsertPeople, getProgram, listParticipants, listPrograms } from '../../src/api/gen/sdk.gen';
import { today } from '../../src/lib/format';
import { type E2E, expect, expectAccessible, signIn, test } from './fixtures';
import { asAdmin } from './world';

/** No WCAG 2.1 A/AA violations inside the open dialog (the page behind it is audited on its own). */
async function expectDialogAccessible(page: Page) {
  // A dialog fades in: judge its colours once the transition has ended, not mid-way.
  await page.evaluate(() => Promise.allSettled(document.getAnimations().map((animation) => animation.finished)));
  const results = await new AxeBuilder({ page }).setLegacyMode(true).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.beforeAll(async () => {
  const e2e = JSON.parse(process.env.TRELLIS_E2E!) as E2E;
  const api = await asAdmin(e2e);
  await bulkUpsertPeople({ ...api, query: { atomic: true }, body: { items: [{ given_name: 'Petra', family_name: 'Pathfinder', sis_id: 'MM-0' }] } });
});

test('a programme is started and edited, and a coach is enrolled, edited and withdrawn', async ({ page, e2e }) => {
  const api = await asAdmin(e2e);
  // A name of its own, so the test can run again on the same database.
  const name = `Coaching Circle ${Date.now().toString(36)}`;
  await signIn(page, e2e, '/mentoring');
  await page.getByRole('button', { name: 'New programme' }).first().click();
  const create = page.getByRole('dialog', { name: 'New programme' });
  await create.getByRole('button', { name: 'Start programme' }).click();
  await expect(create.getByText('Name the programme')).toBeVisible();
  await expectDialogAccessible(page);
  await create.getByRole('textbox', { name: 'Name' }).fill(name);
  await create.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Coaching' }).click();
  await create.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Active' }).click();
  await create.getByRole('combobox', { name: 'District' }).click();
  await page.getByRole('option', { name: 'Riverside Unified' }).click();
  await create.getByRole('button', { name: 'Start programme' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page).toHaveURL(/tab=participants/);
  const { data: found } = await listPrograms({ ...api, query: { q: name, limit: 5 } });
  expect(found.items).toHaveLength(1);
  const programId = found.items[0].id;
  expect(found.items[0]).toMatchObject({ kind: 'coaching', status: 'active', district_id: e2e.seeded.districtIds[0], cadence_days: 14, start_date: today() });

  await page.getByRole('button', { name: 'Edit programme' }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(edit.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
  await edit.getByRole('textbox', { name: 'Target caseload' }).fill('4');
  await edit.getByRole('textbox', { name: 'Objectives' }).fill('New teachers meet a coach every two weeks.');
  await edit.getByRole('button', { name: 'Save programme' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText('target 4 per coach')).toBeVisible();
  const { data: edited } = await getProgram({ ...api, path: { program_id: programId } });
  expect(edited).toMatchObject({ target_caseload: 4, objectives: 'New teachers meet a coach every two weeks.', name });

  // The empty participants tab says what is empty and offers the enrolment.
  const coaches = page.getByRole('table', { name: 'Coaches' });
  await expect(coaches).toContainText(`No coaches enrolled in ${name} yet.`);
  await coaches.getByRole('button', { name: 'Enrol a coach' }).click();
  const enrol = page.getByRole('dialog', { name: 'Enrol a coach' });
  await enrol.getByRole('button', { name: 'Enrol' }).click();
  await expect(enrol.getByText('Choose who to enrol')).toBeVisible();
  await expectDialogAccessible(page);
  await enrol.getByRole('combobox', { name: 'Person' }).fill('Pathf');
  await page.getByRole('option', { name: /Petra Pathfinder/ }).click();
  await enrol.getByRole('textbox', { name: 'Years of experience' }).fill('9');
  await enrol.getByRole('textbox', { name: 'Capacity' }).fill('2');
  await enrol.getByRole('button', { name: 'Enrol' }).click();
  await expect(enrol).toBeHidden();
  const row = coaches.getByRole('row', { name: /Petra Pathfinder/ });
  await expect(row).toContainText('2');
  const enrolled = async () => (await listParticipants({ ...api, query: { program_id: [programId], limit: 10 } })).data.items;
  expect(await enrolled()).toEqual([expect.objectContaining({ role: 'mentor', years_experience: 9, capacity: 2, enrolled_on: today(), left_on: null })]);

  await row.getByRole('button', { name: 'Edit Petra Pathfinder' }).click();
  const change = page.getByRole('dialog', { name: 'Edit Petra Pathfinder' });
  await change.getByRole('textbox', { name: 'Capacity' }).fill('3');
  await change.getByRole('button', { name: 'Save' }).click();
  await expect(change).toBeHidden();
  await expect(row.getByRole('cell').nth(4)).toHaveText('3');
  expect(await enrolled()).toEqual([expect.objectContaining({ capacity: 3, years_experience: 9 })]);

  await row.getByRole('button', { name: 'Withdraw Petra Pathfinder' }).click();
  const withdraw = page.getByRole('dialog', { name: 'Withdraw Petra Pathfinder' });
  await withdraw.getByRole('textbox', { name: 'Reason' }).fill('Moved schools');
  await expectDialogAccessible(page);
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expect(withdraw).toBeHidden();
  await expect(row).toContainText('left');
  await expect(row.getByRole('button', { name: 'Withdraw Petra Pathfinder' })).toHaveCount(0);
  expect(await enrolled()).toEqual([expect.objectContaining({ left_on: today(), left_reason: 'Moved schools' })]);
  await expectAccessible(page);
});
