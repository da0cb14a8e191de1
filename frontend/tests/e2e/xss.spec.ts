import { createClient, createConfig } from '../../src/api/gen/client';
import { createPartner } from '../../src/api/gen/sdk.gen';

import { expect, signIn, test } from './fixtures';
import { token } from './seed';

const MARKUP = '<img src=x onerror=alert(1)>';

test('markup in a partner’s name is shown as text and never runs', async ({ page, e2e }) => {
  const access = await token(e2e.apiUrl, e2e.admin.email, e2e.admin.password);
  const api = createClient(createConfig({ baseUrl: e2e.apiUrl, headers: { Authorization: `Bearer ${access}` } }));
  const { data: partner } = await createPartner({
    client: api,
    body: { name: MARKUP, kind: 'nonprofit', description: MARKUP },
    throwOnError: true,
  });
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await signIn(page, e2e, `/partners/${partner.id}`);
  await expect(page.getByRole('heading', { name: MARKUP, level: 1 })).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
