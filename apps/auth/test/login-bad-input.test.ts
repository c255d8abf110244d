// Login bodies that are not JSON objects, lack a field or carry the wrong types answer 400 with
// {code, message, field}; oversized bodies 413. None of them ever carries X-UID.
import { DEFAULT_THROTTLE_LIMITS } from '../src/throttle/login-throttle';
import { call } from './http';
import { startTestApp, type TestApp } from './harness';

describe('login bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      throttleLimits: { ...DEFAULT_THROTTLE_LIMITS, perUserAddress: { limit: 1000, windowMs: 60_000 }, perAddress: { limit: 1000, windowMs: 60_000 } },
    });
    await t.createUser('grace', 'grace-password-1');
  });
  afterAll(async () => {
    await t.stop();
  });

  const cases: Array<[string, string, Record<string, string>, string, string]> = [
    ['malformed JSON', '{"username":"grace"', {}, 'AUTH_INVALID_BODY', 'body'],
    ['a JSON array', '["grace","grace-password-1"]', {}, 'AUTH_INVALID_BODY', 'body'],
    ['a JSON string', '"grace"', {}, 'AUTH_INVALID_BODY', 'body'],
    ['form encoding', 'username=grace&password=grace-password-1', { 'content-type': 'application/x-www-form-urlencoded' }, 'AUTH_INVALID_BODY', 'body'],
    ['an empty body', '', {}, 'AUTH_INVALID_BODY', 'body'],
    ['no username', '{"password":"grace-password-1"}', {}, 'AUTH_FIELD_REQUIRED', 'username'],
    ['null username', '{"username":null,"password":"grace-password-1"}', {}, 'AUTH_FIELD_REQUIRED', 'username'],
    ['no password', '{"username":"grace"}', {}, 'AUTH_FIELD_REQUIRED', 'password'],
    ['numeric username', '{"username":42,"password":"grace-password-1"}', {}, 'AUTH_FIELD_INVALID', 'username'],
    ['object password', '{"username":"grace","password":{"$ne":""}}', {}, 'AUTH_FIELD_INVALID', 'password'],
    ['array password', '{"username":"grace","password":["grace-password-1"]}', {}, 'AUTH_FIELD_INVALID', 'password'],
    ['empty username', '{"username":"","password":"grace-password-1"}', {}, 'AUTH_FIELD_INVALID', 'username'],
    ['a NUL in the password', JSON.stringify({ username: 'grace', password: 'grace-password-1\u0000' }), {}, 'AUTH_FIELD_INVALID', 'password'],
    ['overlong password', JSON.stringify({ username: 'grace', password: 'x'.repeat(1025) }), {}, 'AUTH_FIELD_INVALID', 'password'],
  ];

  it.each(cases)('%s -> 400', async (_name, body, headers, code, field) => {
    const res = await call(t.url, 'POST', '/v1/login', body, headers);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code, message: expect.any(String), field });
    expect(res.headers['x-uid']).toBeUndefined();
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await call(t.url, 'POST', '/v1/login', JSON.stringify({ username: 'grace', password: 'p'.repeat(40_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'AUTH_BODY_TOO_LARGE', field: 'body' });
    expect(res.headers['x-uid']).toBeUndefined();
  });

  it('still logs the valid user in after all the bad requests', async () => {
    expect((await call(t.url, 'POST', '/v1/login', { username: 'grace', password: 'grace-password-1' })).status).toBe(200);
  });

  it('answers unknown routes with the catalogue 404', async () => {
    const res = await call(t.url, 'GET', '/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'AUTH_NOT_FOUND', message: expect.any(String) });
  });
});
