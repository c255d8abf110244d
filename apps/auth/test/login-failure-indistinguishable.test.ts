// Unknown user, wrong password and disabled account answer the same 401 body, without X-UID, and
// take similar time: the unknown-user path burns a dummy scrypt verify. With the dummy verify
// removed the unknown-user median would be a small fraction of the wrong-password one (no hash),
// which the timing assertion would catch.
import { UserEntity } from '../src/database/user.entity';
import { login, type TestResponse } from './http';
import { startTestApp, type TestApp } from './harness';
import { describeEachDatabase } from './services';

const ROUNDS = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(fn: () => Promise<TestResponse>): Promise<[TestResponse, number]> {
  const start = process.hrtime.bigint();
  const res = await fn();
  return [res, Number(process.hrtime.bigint() - start) / 1e6];
}

describeEachDatabase('login failures are indistinguishable (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver, {
      // Cost high enough that hashing dominates the request time, low enough for a quick test.
      hasher: { params: { N: 2 ** 13, r: 8, p: 1 }, unsafeAllowWeakParamsForTests: true },
      throttleLimits: { perUsername: { limit: 1000, windowMs: 60_000 }, perAddress: { limit: 1000, windowMs: 60_000 } },
    });
    await t.createUser('erin', 'erin-password-1');
    await t.createUser('frank', 'frank-password-1');
    await t.running.dataSource.getRepository(UserEntity).update({ username: 'frank' }, { disabled: true });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers one identical 401 body for unknown user, wrong password and disabled account', async () => {
    const unknown = await login(t.url, 'nobody-here', 'whatever-password');
    const wrong = await login(t.url, 'erin', 'not-erins-password');
    const disabled = await login(t.url, 'frank', 'frank-password-1');
    for (const res of [unknown, wrong, disabled]) {
      expect(res.status).toBe(401);
      expect(res.headers['x-uid']).toBeUndefined();
    }
    expect(unknown.text).toBe(wrong.text);
    expect(disabled.text).toBe(wrong.text);
    expect(wrong.body).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: 'invalid username or password' });
  });

  it('takes similar time for unknown user and wrong password', async () => {
    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      // Interleaved so machine load drifts over both series alike.
      const [a, ta] = await timed(() => login(t.url, `ghost-${i}`, 'some-password'));
      const [b, tb] = await timed(() => login(t.url, 'erin', `wrong-${i}-password`));
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      unknownMs.push(ta);
      wrongMs.push(tb);
    }
    const ratio = median(unknownMs) / median(wrongMs);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
