import { describe, expect, it } from 'vitest';

import { uncoveredGoals } from './coverage';

describe('uncoveredGoals', () => {
  const agreements = [
    { id: 'live', status: 'active' },
    { id: 'draft', status: 'draft' },
  ];
  it('counts only active goals, covered only by active agreements', () => {
    const goals = [
      { id: 'covered', status: 'active' },
      { id: 'only-a-draft', status: 'active' },
      { id: 'nothing', status: 'active' },
      { id: 'not-yet-active', status: 'draft' },
    ];
    const alignments = [
      { goal_id: 'covered', agreement_id: 'live' },
      { goal_id: 'only-a-draft', agreement_id: 'draft' },
    ];
    expect([...uncoveredGoals(goals, alignments, agreements)].sort()).toEqual(['nothing', 'only-a-draft']);
  });
  it('has no gaps without goals', () => {
    expect(uncoveredGoals([], [], agreements).size).toBe(0);
  });
});
