import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { useCursorPages } from './use-cursor-pages';

describe('useCursorPages', () => {
  it('asks for the total on the first page only and carries it to later pages', () => {
    const { result, rerender } = renderHook(({ key }) => useCursorPages(key), { initialProps: { key: 'a' } });
    expect(result.current.includeTotal).toBe(true);
    act(() => result.current.next('c1', 268));
    expect(result.current.page).toBe(2);
    expect(result.current.includeTotal).toBe(false);
    expect(result.current.total(undefined)).toBe(268);
    act(() => result.current.previous());
    expect(result.current.includeTotal).toBe(true);
    rerender({ key: 'b' });
    expect(result.current.page).toBe(1);
    expect(result.current.total(undefined)).toBeNull();
  });
});
