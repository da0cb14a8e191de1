// Fails when src/api/gen no longer matches what ../openapi.yaml generates (STYLE.md 17-18):
// regenerate into a temporary folder and compare file by file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = join(root, 'src/api/gen');
const fresh = mkdtempSync(join(tmpdir(), 'trellis-api-gen-'));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

try {
  const run = spawnSync(join(root, 'node_modules/.bin/openapi-ts'), [], {
    cwd: root,
    env: { ...process.env, OPENAPI_TS_OUTPUT: fresh, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error('openapi-ts failed');
  }
  const want = new Map(files(fresh).map((p) => [relative(fresh, p), readFileSync(p, 'utf8')]));
  const have = new Map(
    statSync(committed, { throwIfNoEntry: false })
      ? files(committed).map((p) => [relative(committed, p), readFileSync(p, 'utf8')])
      : [],
  );
  const stale = [...new Set([...want.keys(), ...have.keys()])]
    .filter((name) => want.get(name) !== have.get(name))
    .sort();
  if (stale.length > 0) {
    console.error(
      `src/api/gen is stale against ../openapi.yaml (${stale.join(', ')}).\n` +
        'Run `npm run gen:api` in frontend/ (or `make client`) and commit the result.',
    );
    process.exitCode = 1;
  } else {
    console.log('src/api/gen matches ../openapi.yaml');
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
