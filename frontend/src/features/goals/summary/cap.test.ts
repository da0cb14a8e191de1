import { describe, expect, it } from 'vitest';

import type { AlignedAgreement } from '../../../api/gen/types.gen';
import { andMore, cap, supporters } from './cap';

const aligned = (title: string, active: boolean): AlignedAgreement => ({
  agreement_id: title,
  title,
  partner_id: 'p',
  partner_name: 'Partner',
  status: active ? 'active' : 'expired',
  end_date: '2027-06-30',
  active,
  strength: 'supporting',
  service_category: null,
  contribution: null,
});

describe('cap', () => {
  it('keeps the first items and counts the rest', () => {
    expect(cap([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], more: 2 });
  });
  it('shows a short list whole', () => {
    expect(cap(['a'], 3)).toEqual({ shown: ['a'], more: 0 });
    expect(cap([], 3)).toEqual({ shown: [], more: 0 });
  });
});

describe('andMore', () => {
  it('says how many are left out, in the right number', () => {
    expect(andMore(1, 'goal')).toBe('and 1 more goal');
    expect(andMore(4, 'goal')).toBe('and 4 more goals');
    expect(andMore(2, 'agreement')).toBe('and 2 more agreements');
    expect(andMore(3, 'person', 'people')).toBe('and 3 more people');
  });
  it('says nothing when nothing is left out', () => {
    expect(andMore(0, 'goal')).toBeNull();
  });
});

describe('supporters', () => {
  it('lists live agreements before ended ones, in the order given, up to the cap', () => {
    const goal = { aligned: [aligned('old', false), aligned('a', true), aligned('b', true), aligned('c', true)] };
    const { shown, more } = supporters(goal, 3);
    expect(shown.map((a) => a.title)).toEqual(['a', 'b', 'c']);
    expect(more).toBe(1);
  });
});
