// Starts a real API on a temporary SQLite database and the built web client (vite preview with
// a config.json naming that API), seeds data through the API, and tears it all down afterwards.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { preview } from 'vite';

import { seed } from './seed';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const FRONTEND = resolve(REPO, 'frontend');
const UV = process.env.UV || 'uv';
export const ADMIN = { email: 'admin@example.org', password: 'e2e-password-long-enough' };

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function uv(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const run = spawnSync(UV, ['run', '--frozen', ...args], { cwd: REPO, env, input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`uv run ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
}

async function waitFor(url: string, api: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}):\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within 60 s:\n${log()}`);
}

export default async function globalSetup() {
  if (!existsSync(join(FRONTEND, 'dist/index.html'))) throw new Error('Build the client first: npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'trellis-e2e-'));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRELLIS_DATABASE_URL: `sqlite+aiosqlite:///${join(dir, 'e2e.db')}`,
    TRELLIS_CORS_ORIGINS: JSON.stringify([webUrl]),
    // Every test signs in afresh; the default per-address limit is for the open internet.
    TRELLIS_TOKEN_RATE_LIMIT: '1000/minute',
    TRELLIS_LOG_LEVEL: 'WARNING',
  };

  uv(['trellis', 'migrate'], env);
  uv(['trellis', 'create-admin', '--email', ADMIN.email], env, `${ADMIN.password}\n`);

  let apiLog = '';
  const api = spawn(UV, ['run', '--frozen', 'trellis', 'serve', '--host', '127.0.0.1', '--port', String(apiPort)], {
    cwd: REPO,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.on('data', (d) => (apiLog += d));
  api.stderr?.on('data', (d) => (apiLog += d));

  process.env.TRELLIS_API_URL = apiUrl;
  const web = await preview({
    root: FRONTEND,
    configFile: join(FRONTEND, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: webPort, strictPort: true },
  });

  const stop = async () => {
    await new Promise<void>((r) => web.httpServer.close(() => r()));
    if (api.pid && api.exitCode === null) {
      try {
        process.kill(-api.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitFor(`${apiUrl}/readyz`, api, () => apiLog);
    const seeded = await seed(apiUrl, ADMIN.email, ADMIN.password);
    process.env.TRELLIS_E2E = JSON.stringify({ apiUrl, webUrl, admin: ADMIN, seeded });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
