import { describe, expect, it } from 'vitest';

import { axisTicks, intervalDomain, largestN, percent, signed } from './intervals';

describe('intervalDomain', () => {
  it('holds every interval and zero, rounded out to the step', () => {
    const rows = [
      { label: 'a', value: 0.3, low: 0.16, high: 0.68 },
      { label: 'b', value: 0.31, low: -0.14, high: 0.77 },
    ];
    const [low, high] = intervalDomain(rows, true);
    expect(low).toBeLessThanOrEqual(-0.14);
    expect(high).toBeGreaterThanOrEqual(0.77);
    expect([low * 4, high * 4].every(Number.isInteger)).toBe(true);
  });
  it('reaches zero when every interval is above it', () => {
    expect(intervalDomain([{ label: 'a', value: 0.5, low: 0.4, high: 0.6 }], true)[0]).toBeLessThanOrEqual(0);
    expect(intervalDomain([{ label: 'a', value: 0.5, low: 0.4, high: 0.6 }], false)[0]).toBeGreaterThan(0);
  });
  it('has a range with nothing to show', () => {
    expect(intervalDomain([], true)).toEqual([0, 1]);
  });
});

describe('formatting', () => {
  it('signs changes and writes shares as percentages', () => {
    expect(signed(0.421)).toBe('+0.42');
    expect(signed(-0.1)).toBe('-0.10');
    expect(percent(0.7142)).toBe('71%');
    expect(percent(null)).toBe('—');
  });
});

describe('axisTicks', () => {
  it('puts ticks on round steps, zero among them', () => {
    expect(axisTicks([-0.5, 1.25], 0.25, 8)).toEqual([-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
  });
  it('doubles the step until the ticks fit', () => {
    expect(axisTicks([-0.5, 1.25], 0.25, 4)).toEqual([-0.5, 0, 0.5, 1]);
  });
});

describe('largestN', () => {
  it('gives one n when the figures share it, the largest when they differ, nothing without figures', () => {
    expect(largestN([0, 0])).toBe('n = 0');
    expect(largestN([6, 9, 7])).toBe('n up to 9');
    expect(largestN([])).toBe('');
  });
});
