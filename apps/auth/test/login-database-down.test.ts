// With the database gone, login answers 503 {code, message} and never X-UID, and health answers
// 503 too. A PostgreSQL URL pointing at a closed port fails the boot with the same catalogue error.
import { createServer } from 'node:net';
import { DatabaseUnavailableError } from '../src/errors';
import { call, login } from './http';
import { startTestApp, type TestApp } from './harness';
import { describeEachDatabase } from './services';

describeEachDatabase('database down during login (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver);
    await t.createUser('heidi', 'heidi-password-1');
    expect((await login(t.url, 'heidi', 'heidi-password-1')).status).toBe(200);
    await t.running.dataSource.destroy();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers 503 without X-UID for a valid user', async () => {
    const res = await login(t.url, 'heidi', 'heidi-password-1');
    expect(res.status).toBe(503);
    expect(res.headers['x-uid']).toBeUndefined();
    expect(res.body).toEqual({ code: 'AUTH_DATABASE_UNAVAILABLE', message: expect.any(String) });
  });

  it('answers 503 for an unknown user as well (no 401 that would look like a verdict)', async () => {
    const res = await login(t.url, 'nobody', 'whatever-password');
    expect(res.status).toBe(503);
  });

  it('reports the database down on /v1/health', async () => {
    const res = await call(t.url, 'GET', '/v1/health');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('AUTH_DATABASE_UNAVAILABLE');
  });

  it('answers 503 to user creation', async () => {
    const res = await t.createUser('ivan', 'ivan-password-1').catch((err: Error) => err.message);
    expect(res).toMatch(/^createUser ivan: 503 /);
  });
});

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('database unreachable at boot', () => {
  it('rejects startup with AUTH_DATABASE_UNAVAILABLE', async () => {
    const port = await closedPort();
    const started = startTestApp('postgres', {}, {
      config: { kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/test`, schema: 'gh_auth_never' },
      drop: async () => undefined,
    });
    await expect(started).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
