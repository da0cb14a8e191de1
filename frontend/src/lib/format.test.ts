import { describe, expect, it } from 'vitest';

import { counted, roleLabel } from './format';

describe('roleLabel', () => {
  it('does not repeat a title that only names the role', () => {
    expect(roleLabel({ role: 'teacher', title: 'Teacher' })).toEqual({ title: 'Teacher', role: null });
    expect(roleLabel({ role: 'assistant_principal', title: ' assistant principal ' })).toEqual({ title: 'Assistant principal', role: null });
  });
  it('keeps a title that says more, with the role beside it', () => {
    expect(roleLabel({ role: 'specialist', title: 'Reading Specialist' })).toEqual({ title: 'Reading Specialist', role: 'Specialist' });
  });
  it('falls back to the role without a title', () => {
    expect(roleLabel({ role: 'counselor', title: null })).toEqual({ title: 'Counselor', role: null });
  });
});

describe('counted', () => {
  it('agrees the word with the number', () => {
    expect(counted(1, 'person', 'people')).toBe('1 person');
    expect(counted(0, 'person', 'people')).toBe('0 people');
    expect(counted(3, 'open pair', 'open pairs')).toBe('3 open pairs');
  });
});
