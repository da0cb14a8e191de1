// Time-to-interactive of one page, the way every web budget is measured: five full loads, each
// read from the Performance API mark the client sets once the page's content is drawn
// (src/lib/interactive.ts), and the worst run recorded in make bench's closing table.
import type { Page } from '@playwright/test';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from '../e2e/fixtures';

export const BUDGET_MS = 1500;
const RUNS = 5;
// bench/verdicts.py's record file, at the repository root: one JSON line per budget.
const VERDICTS = fileURLToPath(new URL('../../../bench/results/verdicts.jsonl', import.meta.url));

export type Interactive = { budget_ms: number; runs_ms: number[]; worst_ms: number };

/** Loads `path` five times; `drawn` waits for what the mark `trellis:<mark>-interactive` promises. */
export async function timeToInteractive(
  page: Page,
  path: string,
  mark: string,
  drawn: (page: Page) => Promise<void>,
): Promise<Interactive> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(path);
    await drawn(page);
    const name = `trellis:${mark}-interactive`;
    await expect.poll(() => page.evaluate((n) => performance.getEntriesByName(n).length, name)).toBe(1);
    runs.push(await page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name));
  }
  return { budget_ms: BUDGET_MS, runs_ms: runs.map(Math.round), worst_ms: Math.round(Math.max(...runs)) };
}

/** Appends the verdict in bench/verdicts.py's `Verdict` shape, so `python -m bench.summary` prints it. */
export function recordVerdict(budget: string, result: Interactive) {
  mkdirSync(dirname(VERDICTS), { recursive: true });
  const verdict = {
    area: 'web',
    budget,
    value: result.worst_ms,
    unit: 'ms',
    ok: result.worst_ms <= result.budget_ms,
    ceiling_ratio: null,
    peer_ratio: null,
    rss_mb: null,
  };
  appendFileSync(VERDICTS, `${JSON.stringify(verdict)}\n`);
}
