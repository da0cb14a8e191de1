// The budget: the JavaScript the first page needs (the entry chunk and what it imports
// statically) must stay under 300 KB gzipped; every route is a lazily loaded chunk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 300 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  (chunk.imports ?? []).forEach(visit);
};
visit('index.html');

const initialBytes = [...initial].filter((f) => f.endsWith('.js')).reduce((n, f) => n + gz(f), 0);
const allJs = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
const allBytes = allJs.reduce((n, f) => n + gz(f), 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `initial JavaScript: ${kb(initialBytes)} gzipped in ${initial.size} chunk(s) (budget ${kb(BUDGET)}); ` +
    `all JavaScript: ${kb(allBytes)} gzipped in ${allJs.length} chunks`,
);
if (initialBytes > BUDGET) {
  console.error('initial JavaScript is over budget: lazy-load more of it');
  process.exitCode = 1;
}
