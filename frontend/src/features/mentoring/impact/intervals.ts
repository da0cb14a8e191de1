/** One estimate with its interval, as drawn and as tabled. */
export type IntervalRow = { label: string; value: number; low: number; high: number };

/** An axis range that holds every interval (and zero when asked), padded a little and rounded out. */
export function intervalDomain(rows: IntervalRow[], includeZero: boolean, step = 0.25): [number, number] {
  if (rows.length === 0) return [0, 1];
  const lows = rows.map((r) => r.low);
  const highs = rows.map((r) => r.high);
  let low = Math.min(...lows, includeZero ? 0 : Infinity);
  let high = Math.max(...highs, includeZero ? 0 : -Infinity);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  const pad = (high - low) * 0.05 || step;
  low = Math.floor((low - pad) / step) * step;
  high = Math.ceil((high + pad) / step) * step;
  return [low, high];
}

export function signed(v: number, digits = 2): string {
  const text = v.toFixed(digits);
  return v > 0 ? `+${text}` : text;
}

export function percent(v: number | null | undefined, digits = 0): string {
  return v == null ? '—' : `${(v * 100).toFixed(digits)}%`;
}

/** Round ticks across the domain, at most `most` of them (the step doubles until they fit). */
export function axisTicks([low, high]: [number, number], step: number, most: number): number[] {
  let s = step;
  while (Math.floor((high - low) / s + 1e-9) + 1 > most) s *= 2;
  const first = Math.ceil(low / s - 1e-9) * s;
  const ticks: number[] = [];
  for (let t = first; t <= high + 1e-9; t += s) ticks.push(Math.round(t * 1e6) / 1e6 + 0);
  return ticks;
}

/** The figures' n, or their largest where they differ; nothing when there are none. */
export function largestN(ns: number[]): string {
  if (!ns.length) return '';
  const most = Math.max(...ns);
  return ns.every((n) => n === most) ? `n = ${most}` : `n up to ${most}`;
}
