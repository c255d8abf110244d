// POST /v1/users: admin key required (Bearer or X-API-Key), 201 {id, username}, 409 on a taken
// username, 400 on the password and username policies; the stored hash is scrypt with its
// parameters and never the password.
import { UserEntity } from '../src/database/user.entity';
import { call } from './http';
import { ADMIN_KEY, startTestApp, type TestApp } from './harness';
import { describeEachDatabase } from './services';

describeEachDatabase('create user (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver);
  });
  afterAll(async () => {
    await t.stop();
  });

  const create = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` }) =>
    call(t.url, 'POST', '/v1/users', body, headers);

  it('refuses without a key, with a wrong key and with a malformed Authorization header', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${ADMIN_KEY}x` },
      { 'x-api-key': 'wrong-key-wrong-key' },
      { authorization: ADMIN_KEY },
      { authorization: `Basic ${ADMIN_KEY}` },
    ];
    for (const headers of variants) {
      const res = await create({ username: 'judy', password: 'judy-password-1' }, headers);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_ADMIN_UNAUTHORIZED');
    }
  });

  it('answers 401 before looking at the body', async () => {
    const res = await call(t.url, 'POST', '/v1/users', '{not json', {});
    expect(res.status).toBe(401);
  });

  it('creates with Bearer and with X-API-Key, returning {id, username}', async () => {
    const a = await create({ username: 'judy', password: 'judy-password-1' });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), username: 'judy' });
    const b = await create({ username: 'ken', password: 'ken-password-1' }, { 'x-api-key': ADMIN_KEY });
    expect(b.status).toBe(201);
    expect(b.body.username).toBe('ken');
  });

  it('stores an scrypt hash with its parameters, and the creation time', async () => {
    const row = await t.running.dataSource.getRepository(UserEntity).findOneByOrFail({ username: 'judy' });
    expect(row.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(row.passwordHash).not.toContain('judy-password-1');
    expect(row.disabled).toBe(false);
    expect(Math.abs(new Date(row.createdAt).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('answers 409 for a taken username and leaves the first account intact', async () => {
    const res = await create({ username: 'judy', password: 'another-password' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'AUTH_USERNAME_TAKEN', field: 'username' });
    expect((await call(t.url, 'POST', '/v1/login', { username: 'judy', password: 'judy-password-1' })).status).toBe(200);
  });

  it.each([
    ['7 characters', 'seven77', 'AUTH_PASSWORD_POLICY', 'password'],
    ['1025 characters', 'x'.repeat(1025), 'AUTH_PASSWORD_POLICY', 'password'],
    ['7 emoji (code points, not UTF-16 units)', '\u{1F600}'.repeat(7), 'AUTH_PASSWORD_POLICY', 'password'],
  ])('refuses a password of %s', async (_name, password, code, field) => {
    const res = await create({ username: 'leo', password });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code, message: expect.any(String), field });
  });

  it('accepts passwords of exactly 8 and 1024 characters', async () => {
    expect((await create({ username: 'min8', password: '12345678' })).status).toBe(201);
    expect((await create({ username: 'max1024', password: 'y'.repeat(1024) })).status).toBe(201);
    expect((await call(t.url, 'POST', '/v1/login', { username: 'max1024', password: 'y'.repeat(1024) })).status).toBe(200);
  });

  it.each([
    ['with a space', 'has space'],
    ['too long', 'u'.repeat(65)],
    ['with a slash', 'a/b'],
    ['with a newline', 'a\nb'],
  ])('refuses a username %s', async (_name, username) => {
    const res = await create({ username, password: 'valid-password-1' });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('username');
  });

  it('answers 400 with the field for missing or mistyped fields', async () => {
    expect((await create({ password: 'valid-password-1' })).body).toMatchObject({ code: 'AUTH_FIELD_REQUIRED', field: 'username' });
    expect((await create({ username: 'mia', password: 12345678 })).body).toMatchObject({ code: 'AUTH_FIELD_INVALID', field: 'password' });
    expect((await create('[]')).body).toMatchObject({ code: 'AUTH_INVALID_BODY', field: 'body' });
  });
});
