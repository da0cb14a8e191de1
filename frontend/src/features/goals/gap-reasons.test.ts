import { describe, expect, it } from 'vitest';

import { reasonWords, reasonsSentence } from './gap-reasons';

describe('gap reasons', () => {
  it('words every code the API sends', () => {
    for (const code of ['offers_asked_service', 'offers_service_for_area', 'focus_area_fits', 'works_in_district', 'works_at_similar_schools']) {
      expect(reasonWords(code)).not.toContain('_');
      expect(reasonWords(code)).not.toBe(code);
    }
  });

  it('joins the reasons into one sentence', () => {
    expect(reasonsSentence(['offers_asked_service', 'works_in_district'])).toBe(
      'Offers a service this goal asks for and already works in this district.',
    );
    expect(reasonsSentence(['focus_area_fits'])).toBe("Focuses on the goal's area.");
    expect(reasonsSentence([])).toBe('');
  });

  it('keeps an unknown code readable', () => {
    expect(reasonWords('new_reason')).toBe('new reason');
  });
});
