// A real Trellis API on a temporary SQLite database, for the end-to-end tests: migrated, with
// an administrator, optionally seeded by a CLI command, and stopped with its database removed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const UV = process.env.UV || 'uv';

export type ApiServer = { url: string; stop: () => void };

export function freePort(): Promise<number> {
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

/**
 * Migrates a new database, creates the administrator, runs `trellis <seed...>` if given, and
 * serves it; the web client at `webUrl` may call it (CORS).
 */
export async function startApi(opts: {
  webUrl: string;
  admin: { email: string; password: string };
  seed?: string[];
}): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRELLIS_DATABASE_URL: `sqlite+aiosqlite:///${join(dir, 'e2e.db')}`,
    TRELLIS_CORS_ORIGINS: JSON.stringify([opts.webUrl]),
    // Every test signs in afresh; the default per-address limit is for the open internet.
    TRELLIS_TOKEN_RATE_LIMIT: '1000/minute',
    TRELLIS_LOG_LEVEL: 'WARNING',
  };
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    uv(['trellis', 'migrate'], env);
    uv(['trellis', 'create-admin', '--email', opts.admin.email], env, `${opts.admin.password}\n`);
    if (opts.seed) uv(['trellis', ...opts.seed], env);
  } catch (error) {
    removeDir();
    throw error;
  }

  let log = '';
  const api = spawn(UV, ['run', '--frozen', 'trellis', 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: REPO,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.on('data', (d) => (log += d));
  api.stderr?.on('data', (d) => (log += d));
  const stop = () => {
    if (api.pid && api.exitCode === null) {
      try {
        process.kill(-api.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    removeDir();
  };
  try {
    await waitFor(`${url}/readyz`, api, () => log);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, stop };
}
