import { afterEach, describe, expect, it, vi } from 'vitest';

import { client } from '../api/gen/client.gen';
import { getMe } from '../api/gen/sdk.gen';
import { ApiError, configureApi, ifMatch, isSignedIn, resetSession, signIn, toApiError } from './api';
import { applyProblem } from './form-errors';

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

describe('problem+json', () => {
  it('maps validation errors to fields by their body path', () => {
    const e = toApiError(
      {
        type: 'about:blank',
        title: 'Invalid body',
        status: 422,
        errors: [
          { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'services', 0, 'category'], msg: 'Bad value', type: 'enum' },
          { loc: ['query', 'limit'], msg: 'Too big', type: 'le' },
        ],
      },
      422,
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.fieldErrors()).toEqual({ name: 'Field required', 'services.0.category': 'Bad value' });
  });

  it('puts field errors on the form and returns what no field shows', () => {
    const set = vi.fn();
    const e = new ApiError(422, 'Invalid', undefined, [
      { loc: ['body', 'name'], msg: 'Too long', type: 'x' },
      { loc: ['body', 'secret'], msg: 'Nope', type: 'x' },
    ]);
    expect(applyProblem(e, set, ['name'])).toBe('secret: Nope');
    expect(set).toHaveBeenCalledWith('name', 'Too long');
  });

  it('quotes the version for If-Match', () => {
    expect(ifMatch(7)).toEqual({ 'If-Match': '"7"' });
  });
});

describe('the fetch wrapper', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    resetSession();
  });

  it('sends the bearer token, refreshes once on 401 and retries', async () => {
    const calls: { url: string; auth: string | null; credentials: RequestCredentials }[] = [];
    let tokens = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        calls.push({ url: new URL(req.url).pathname, auth: req.headers.get('Authorization'), credentials: req.credentials });
        if (req.url.endsWith('/auth/token')) return json(200, { access_token: `t${++tokens}`, expires_in: 900 });
        if (req.headers.get('Authorization') === 'Bearer t1') return json(401, { title: 'Expired', status: 401 });
        return json(200, { id: 'me' });
      }),
    );
    configureApi('http://api.test/');
    expect(client.getConfig().baseUrl).toBe('http://api.test');
    await signIn('a@b.org', 'password-long');
    expect(isSignedIn()).toBe(true);
    const { data } = await getMe({ throwOnError: true });
    expect(data).toEqual({ id: 'me' });
    expect(calls.map((c) => [c.url, c.auth])).toEqual([
      ['/api/v1/auth/token', null],
      ['/api/v1/me', 'Bearer t1'],
      ['/api/v1/auth/token', null],
      ['/api/v1/me', 'Bearer t2'],
    ]);
    expect(calls[0].credentials).toBe('include');
  });

  it('turns a network failure into an "unreachable" ApiError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    configureApi('http://api.test');
    const error = await getMe({ throwOnError: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).unreachable).toBe(true);
  });

  it('turns an error response into an ApiError with its status', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(404, { title: 'Not found', status: 404, detail: 'No such school' }, 'application/problem+json')));
    configureApi('http://api.test');
    const error = (await getMe({ throwOnError: true }).catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.detail]).toEqual([404, 'No such school']);
  });
});
