import { expect, expectAccessible, screenshots, signIn, test } from './fixtures';
import { token } from './seed';

// Two districts the seed does not have, as an NCES district directory export lays them out.
const HEADER =
  'NCES District ID,State District ID,District Name,County Name*,Street Address,City,State,ZIP,ZIP 4-digit,' +
  'Phone,Students*,Teachers*,Schools,Locale Code*,Locale*,Student Teacher Ratio*,Type,Status';
const DISTRICTS = [
  ['1299901', 'FL-91', 'GULF SHORES', 'Gulf County', '1 HARBOR RD', 'PORT ST JOE', 'FL', '32456', '1234',
    '(850)555-0101', '2100.00000', '120.00000', '5.00000', '41', 'Rural: Fringe', '17.50000000', 'Regular Local', 'Open'],
  ['1299902', 'FL-92', 'MANGROVE BAY', 'Monroe County', '2 KEY ST', 'MARATHON', 'FL', '33050', '4321',
    '(305)555-0102', '1800.00000', '100.00000', '4.00000', '33', 'Town: Remote', '18.00000000', 'Regular Local', 'Open'],
];
const CSV = [HEADER, ...DISTRICTS.map((row) => row.join(','))].join('\n') + '\n';

test('upload an NCES file as a dry run, read the diff, apply it', async ({ page, e2e }) => {
  await signIn(page, e2e, '/imports');
  await expect(page).toHaveTitle('Imports · Trellis');
  await expect(page.getByRole('heading', { name: 'Imports', level: 1 })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /^Dry run/ })).toBeChecked();

  // Nothing chosen: the form says so and sends nothing.
  await page.getByRole('combobox', { name: 'Kind of file' }).click();
  await page.getByRole('option', { name: 'NCES directory CSV' }).click();
  await page.getByRole('button', { name: 'Start dry run' }).click();
  await expect(page.getByText('Choose a file to import.')).toBeVisible();

  await page.locator('input[type="file"]').setInputFiles({
    name: 'gulf-districts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV),
  });
  await page.getByRole('button', { name: 'Start dry run' }).click();

  await expect(page.getByRole('heading', { name: 'gulf-districts.csv', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Import gulf-districts.csv · Trellis');
  await expect(page.getByText('Dry run ready')).toBeVisible();
  const changes = page.getByRole('table', { name: 'Changes' });
  await expect(changes.getByRole('row')).toHaveCount(3); // header + one a district
  for (const row of [1, 2]) {
    await expect(changes.getByRole('row').nth(row).getByRole('cell').nth(0)).toHaveText('Create');
    await expect(changes.getByRole('row').nth(row).getByRole('cell').nth(1)).toHaveText('districts', { useInnerText: true }); // keys fold under it on phones
  }
  await expectAccessible(page);
  await screenshots(page, 'import-dry-run');

  // The dry run wrote nothing.
  const access = await token(e2e.apiUrl, e2e.admin.email, e2e.admin.password);
  const districtNames = async () => {
    const response = await fetch(`${e2e.apiUrl}/api/v1/districts?limit=500`, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(response.ok).toBe(true);
    const page = (await response.json()) as { items: { name: string; nces_leaid: string | null }[] };
    return page.items.filter((d) => d.nces_leaid?.startsWith('12999')).map((d) => d.nces_leaid);
  };
  expect(await districtNames()).toEqual([]);

  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('2 records created');
  await dialog.getByRole('button', { name: 'Apply the import' }).click();
  await expect(page.getByText('Succeeded')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toHaveCount(0);
  const created = page.locator('dt', { hasText: /^Created$/ }).locator('xpath=following-sibling::dd[1]');
  await expect(created).toHaveText('2');

  expect((await districtNames()).sort()).toEqual(['1299901', '1299902']);

  // The list shows the job with its status and counts.
  await page.getByRole('link', { name: '← All imports' }).click();
  const jobs = page.getByRole('table', { name: 'Import jobs' });
  await expect(jobs.getByRole('row').nth(1)).toContainText('gulf-districts.csv');
  await expect(jobs.getByRole('row').nth(1)).toContainText('Succeeded');
  await expectAccessible(page);
  await screenshots(page, 'imports');
});

test('refused lines are listed with their line numbers and can be downloaded', async ({ page, e2e }) => {
  await signIn(page, e2e, '/imports');
  await page.getByRole('combobox', { name: 'Kind of file' }).click();
  await page.getByRole('option', { name: 'Goal measurements CSV' }).click();
  await page.locator('input[type="file"]').setInputFiles({
    name: 'readings.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('goal_id,measured_on,value\nnot-a-goal,2026-01-01,5\n'),
  });
  await page.getByRole('button', { name: 'Start dry run' }).click();
  await expect(page.getByRole('heading', { name: 'readings.csv', level: 1 })).toBeVisible();
  const refused = page.getByRole('table', { name: 'Refused lines' });
  await expect(refused.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('2');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download failed rows' }).click();
  expect((await download).suggestedFilename()).toBe('readings-failed-rows.csv');
});
