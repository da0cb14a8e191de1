import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { configureApi, resetSession } from '../../lib/api';
import { cancelVerify, isVerifyPending, verifyLater } from './deferred-verify';

describe('verifyLater', () => {
  const urls: string[] = [];
  beforeEach(() => {
    urls.length = 0;
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        urls.push(new URL(req.url).pathname);
        return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    configureApi('http://api.test');
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    resetSession();
  });

  it('sends nothing while the undo window is open, and nothing at all once undone', async () => {
    verifyLater(new QueryClient(), 'p1', () => undefined, 1000);
    expect(isVerifyPending('p1')).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(cancelVerify('p1')).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(isVerifyPending('p1')).toBe(false);
    expect(urls).toEqual([]);
  });

  it('sends the verification once the window closes', async () => {
    verifyLater(new QueryClient(), 'p2', () => undefined, 1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(urls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(urls).toEqual(['/api/v1/people/p2/verify']));
    expect(isVerifyPending('p2')).toBe(false);
  });
});
