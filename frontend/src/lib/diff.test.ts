import { describe, expect, it } from 'vitest';

import { changedFields, mergePatch, rebase } from './diff';

describe('mergePatch', () => {
  it('keeps only changed fields, including cleared ones', () => {
    const base = { name: 'A', city: 'X', zip: '1', version: 3 };
    expect(mergePatch(base, { name: 'A', city: 'Y', zip: null as unknown as string })).toEqual({
      city: 'Y',
      zip: null,
    });
  });
  it('treats undefined and null alike', () => {
    expect(mergePatch({ phone: null as string | null }, { phone: undefined })).toEqual({});
  });
});

describe('changedFields', () => {
  it('lists what changed between two versions, ignoring bookkeeping', () => {
    const before = { name: 'A', city: 'X', version: 1, updated_at: 't1' };
    const after = { name: 'B', city: 'X', version: 2, updated_at: 't2' };
    expect(changedFields(before, after)).toEqual([{ field: 'name', before: 'A', after: 'B' }]);
  });
});

describe('rebase', () => {
  it('keeps their changes and mine', () => {
    const base = { phone: '1', city: 'A' };
    const mine = { phone: '1', city: 'B' };
    const theirs = { phone: '2', city: 'A' };
    expect(rebase(base, mine, theirs)).toEqual({ phone: '2', city: 'B' });
  });
});
