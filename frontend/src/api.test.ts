import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, apiUrl, mapFieldErrors, setCsrfToken, setSessionLimitedHandler, setUnauthenticatedHandler, toApiError } from './api';
import { setLanguage } from './i18n';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(status: number, body?: unknown, contentType = 'application/json') {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': contentType } });
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}

const headers = (c: Call) => c.init.headers as Record<string, string>;

beforeEach(() => {
  setLanguage('fr');
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiUrl', () => {
  it('prefixes /api/v1 and leaves out empty query values', () => {
    expect(apiUrl('/session')).toBe('/api/v1/session');
    expect(apiUrl('requests', { cursor: '', q: 'a b', n: 3, x: null, y: undefined, z: false })).toBe('/api/v1/requests?q=a+b&n=3&z=false');
  });
});

describe('request', () => {
  it('sends JSON with the language, same-origin credentials and no CSRF token on GET', async () => {
    const calls = fakeFetch(200, { ok: true });
    setCsrfToken('tok');
    setLanguage('en');
    expect(await api.get('/things', { query: { cursor: 'c1' } })).toEqual({ ok: true });
    expect(calls[0].url).toBe('/api/v1/things?cursor=c1');
    expect(calls[0].init.method).toBe('GET');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(headers(calls[0])['Accept-Language']).toBe('en');
    expect(headers(calls[0])['X-CSRF-Token']).toBeUndefined();
    expect(calls[0].init.body).toBeUndefined();
  });

  it('sends the CSRF token and a JSON body on state changes', async () => {
    const calls = fakeFetch(201, { id: '1' });
    setCsrfToken('tok');
    await api.post('/things', { name: 'x' });
    await api.put('/things/1', { name: 'y' });
    await api.patch('/things/1', { name: 'z' });
    for (const c of calls) {
      expect(headers(c)['X-CSRF-Token']).toBe('tok');
      expect(headers(c)['Content-Type']).toBe('application/json');
    }
    expect(calls.map((c) => c.init.method)).toEqual(['POST', 'PUT', 'PATCH']);
    expect(calls[0].init.body).toBe('{"name":"x"}');
  });

  it('sends no token before there is a session', async () => {
    const calls = fakeFetch(200, {});
    await api.post('/session', { email: 'a@b.fr', password: 'x' });
    expect(headers(calls[0])['X-CSRF-Token']).toBeUndefined();
  });

  it('resolves undefined for 204', async () => {
    const calls = fakeFetch(204);
    setCsrfToken('tok');
    expect(await api.delete('/session')).toBeUndefined();
    expect(calls[0].init.method).toBe('DELETE');
    expect(headers(calls[0])['X-CSRF-Token']).toBe('tok');
  });

  it('rejects with the server error, fields included', async () => {
    fakeFetch(400, {
      error: {
        code: 'invalid_fields',
        message: 'Certains champs sont incorrects.',
        fields: [{ field: 'email', code: 'required', message: 'Ce champ est obligatoire.' }],
        requestId: 'r1',
      },
    });
    const err = await api.post('/x', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'invalid_fields',
      message: 'Certains champs sont incorrects.',
      fields: [{ field: 'email', code: 'required', message: 'Ce champ est obligatoire.' }],
      requestId: 'r1',
    });
  });

  it('calls the 401 handler, unless the call opts out', async () => {
    const onUnauth = vi.fn();
    setUnauthenticatedHandler(onUnauth);
    fakeFetch(401, { error: { code: 'unauthenticated', message: 'Veuillez vous connecter.' } });
    await expect(api.get('/things')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(onUnauth).toHaveBeenCalledTimes(1);
    await expect(api.post('/session', {}, { authRedirect: false })).rejects.toMatchObject({ status: 401 });
    expect(onUnauth).toHaveBeenCalledTimes(1);
  });

  it('calls the session-limit handler when the session may only enrol a second factor or change its password', async () => {
    const onLimited = vi.fn();
    setSessionLimitedHandler(onLimited);
    fakeFetch(403, { error: { code: 'forbidden', message: 'Accès refusé.' } });
    await expect(api.get('/things')).rejects.toMatchObject({ status: 403 });
    expect(onLimited).not.toHaveBeenCalled();
    fakeFetch(403, { error: { code: 'mfa_enrolment_required', message: 'Ajoutez une seconde étape.' } });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 403, code: 'mfa_enrolment_required' });
    expect(onLimited).toHaveBeenCalledTimes(1);
    fakeFetch(403, { error: { code: 'password_change_required', message: 'Choisissez un nouveau mot de passe.' } });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 403, code: 'password_change_required' });
    expect(onLimited).toHaveBeenCalledTimes(2);
    setSessionLimitedHandler(null);
  });

  it('gives a localised network error when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(api.get('/x')).rejects.toMatchObject({ status: 0, code: 'network', message: expect.stringContaining('injoignable') });
  });

  it('passes an abort through untouched', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new DOMException('aborted', 'AbortError');
      }),
    );
    await expect(api.get('/x')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('copes with an error page that is not JSON', async () => {
    fakeFetch(502, '<html>Bad gateway</html>', 'text/html');
    await expect(api.get('/x')).rejects.toMatchObject({ status: 502, code: 'http_502', message: expect.stringContaining('inattendue') });
  });
});

describe('toApiError', () => {
  it('keeps only well-formed parts', () => {
    expect(toApiError(500, null).code).toBe('http_500');
    expect(toApiError(400, { error: { code: 1, message: 'x' } }).code).toBe('http_400');
    const e = toApiError(400, { error: { code: 'c', message: 'm', fields: [{ field: 'a' }, 'junk'] } });
    expect(e.fields).toEqual([{ field: 'a', code: '', message: '' }]);
  });
});

describe('mapFieldErrors', () => {
  const err = new ApiError(400, 'invalid_fields', 'Certains champs sont incorrects.', [
    { field: 'email', code: 'email', message: 'Adresse e-mail invalide.' },
    { field: 'email', code: 'too_long', message: 'Ce champ est trop long.' },
    { field: 'password', code: 'required', message: 'Ce champ est obligatoire.' },
    { field: 'captcha', code: 'required', message: 'Captcha manquant.' },
  ]);

  it('puts the first message of each known field inline and the rest aside', () => {
    expect(mapFieldErrors(err, ['email', 'password', 'name'] as const)).toEqual({
      inline: { email: 'Adresse e-mail invalide.', password: 'Ce champ est obligatoire.' },
      other: ['Captcha manquant.'],
    });
  });

  it('handles an error without fields', () => {
    expect(mapFieldErrors(new ApiError(429, 'rate_limited', 'Trop de tentatives.'), ['email'])).toEqual({ inline: {}, other: [] });
  });
});
