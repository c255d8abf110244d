// A created user logs in: 200, X-UID carrying the user's id, and {uid} in the body.
import { login } from './http';
import { startTestApp, type TestApp } from './harness';
import { describeEachDatabase } from './services';

describeEachDatabase('login success (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers 200 with X-UID equal to the created user id', async () => {
    const id = await t.createUser('alice', 'correct horse battery');
    const res = await login(t.url, 'alice', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(res.headers['x-uid']).toBe(id);
    expect(res.body).toEqual({ uid: id });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps users apart: each login returns its own id', async () => {
    const bob = await t.createUser('bob', 'bob-password-1');
    const carol = await t.createUser('carol', 'carol-password-1');
    expect((await login(t.url, 'bob', 'bob-password-1')).headers['x-uid']).toBe(bob);
    expect((await login(t.url, 'carol', 'carol-password-1')).headers['x-uid']).toBe(carol);
    expect(bob).not.toBe(carol);
  });

  it('treats usernames as case-sensitive and passwords exactly', async () => {
    await t.createUser('Dave', 'dave-password-1');
    expect((await login(t.url, 'dave', 'dave-password-1')).status).toBe(401);
    expect((await login(t.url, 'Dave', 'dave-password-1 ')).status).toBe(401);
    expect((await login(t.url, 'Dave', 'dave-password-1')).status).toBe(200);
  });
});
