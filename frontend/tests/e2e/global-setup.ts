// Starts a real API on a temporary SQLite database and the built web client (vite preview with
// a config.json naming that API), seeds data through the API, and tears it all down afterwards.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { preview } from 'vite';

import { type ApiServer, freePort, startApi } from './api-server';
import { seed } from './seed';

const FRONTEND = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ADMIN = { email: 'admin@example.org', password: 'e2e-password-long-enough' };

export default async function globalSetup() {
  if (!existsSync(join(FRONTEND, 'dist/index.html'))) throw new Error('Build the client first: npm run build');
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const api: ApiServer = await startApi({ webUrl, admin: ADMIN });

  process.env.TRELLIS_API_URL = api.url;
  let web: Awaited<ReturnType<typeof preview>>;
  try {
    web = await preview({
      root: FRONTEND,
      configFile: join(FRONTEND, 'vite.config.ts'),
      logLevel: 'warn',
      preview: { host: '127.0.0.1', port: webPort, strictPort: true },
    });
  } catch (error) {
    api.stop();
    throw error;
  }

  const stop = async () => {
    await new Promise<void>((r) => web.httpServer.close(() => r()));
    api.stop();
  };

  try {
    const seeded = await seed(api.url, ADMIN.email, ADMIN.password);
    process.env.TRELLIS_E2E = JSON.stringify({ apiUrl: api.url, webUrl, admin: ADMIN, seeded });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
