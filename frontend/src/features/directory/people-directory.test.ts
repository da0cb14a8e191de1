import { describe, expect, it } from 'vitest';

import { mostOverdueFirst } from './people-directory';

const person = (family: string, verified_at: string | null) => ({ given_name: 'A', family_name: family, verified_at });

describe('mostOverdueFirst', () => {
  it('puts the never verified first, then the longest since verification', () => {
    const ordered = mostOverdueFirst([
      person('Recent', '2026-06-01T00:00:00Z'),
      person('Never B', null),
      person('Oldest', '2024-01-01T00:00:00Z'),
      person('Never A', null),
      person('Older', '2025-03-01T00:00:00Z'),
    ]);
    expect(ordered.map((p) => p.family_name)).toEqual(['Never A', 'Never B', 'Oldest', 'Older', 'Recent']);
  });
});
