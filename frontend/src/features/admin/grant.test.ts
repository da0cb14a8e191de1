import { describe, expect, it } from 'vitest';

import { grantBody, grantProblem } from './grant';

const none = { district_ids: [], school_ids: [], partner_id: null };

describe('a role and where it works', () => {
  it('asks each role for the places it needs', () => {
    expect(grantProblem({ ...none, role: 'admin' })).toBeNull();
    expect(grantProblem({ ...none, role: 'district_manager' })).toMatch(/district/);
    expect(grantProblem({ ...none, role: 'district_manager', district_ids: ['d'] })).toBeNull();
    expect(grantProblem({ ...none, role: 'coordinator' })).toMatch(/school/);
    expect(grantProblem({ ...none, role: 'partner' })).toMatch(/partner/);
    expect(grantProblem({ ...none, role: 'viewer', school_ids: ['s'] })).toBeNull();
    expect(grantProblem({ ...none, role: 'viewer' })).toMatch(/districts or schools/);
  });

  it('sends only the places the chosen role uses', () => {
    const all = { district_ids: ['d'], school_ids: ['s'], partner_id: 'p' };
    expect(grantBody({ ...all, role: 'coordinator' })).toEqual({ role: 'coordinator', district_ids: [], school_ids: ['s'], partner_id: null });
    expect(grantBody({ ...all, role: 'admin' })).toEqual({ role: 'admin', ...none });
    expect(grantBody({ ...all, role: 'viewer' })).toEqual({ role: 'viewer', district_ids: ['d'], school_ids: ['s'], partner_id: null });
    expect(grantBody({ ...all, role: 'partner' })).toEqual({ role: 'partner', district_ids: [], school_ids: [], partner_id: 'p' });
  });
});
