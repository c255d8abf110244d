// Without AUTH_ADMIN_API_KEY the admin endpoint is off: 403 for everyone, and a log line says why.
import { call } from './http';
import { ADMIN_KEY, startTestApp, type TestApp } from './harness';

describe('admin endpoint disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { adminApiKey: null });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('logs at startup that the endpoint is disabled', () => {
    const lines = t.logs.find('admin endpoint POST /v1/users is disabled');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe(40);
  });

  it('answers 403 with or without a key', async () => {
    const variants: Array<Record<string, string>> = [{}, { authorization: `Bearer ${ADMIN_KEY}` }, { 'x-api-key': ADMIN_KEY }];
    for (const headers of variants) {
      const res = await call(t.url, 'POST', '/v1/users', { username: 'nina', password: 'nina-password-1' }, headers);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ code: 'AUTH_ADMIN_DISABLED', message: expect.stringContaining('AUTH_ADMIN_API_KEY') });
    }
  });

  it('still serves login and health', async () => {
    expect((await call(t.url, 'GET', '/v1/health')).status).toBe(200);
    expect((await call(t.url, 'POST', '/v1/login', { username: 'nina', password: 'nina-password-1' })).status).toBe(401);
  });
});
