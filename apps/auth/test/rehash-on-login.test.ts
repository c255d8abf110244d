// Raising the scrypt parameters needs no migration: a user stored with the old cost still logs in,
// and that login rewrites the hash with the new cost. Later logins leave it alone.
import { UserEntity } from '../src/database/user.entity';
import { decodeHash } from '../src/password/scrypt-params';
import { login } from './http';
import { createTestDatabase, startTestApp, type TestDatabase } from './harness';
import { describeEachDatabase } from './services';

describeEachDatabase('rehash on login (%s)', (driver) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('upgrades a hash made with weaker parameters on the next successful login', async () => {
    const weak = await startTestApp(driver, { hasher: { params: { N: 512, r: 8, p: 1 }, unsafeAllowWeakParamsForTests: true } }, db);
    const id = await weak.createUser('quinn', 'quinn-password-1');
    await weak.stop();

    const strong = await startTestApp(driver, { hasher: { params: { N: 2048, r: 8, p: 1 }, unsafeAllowWeakParamsForTests: true } }, db);
    try {
      const repo = strong.running.dataSource.getRepository(UserEntity);
      expect(decodeHash((await repo.findOneByOrFail({ id })).passwordHash).N).toBe(512);

      expect((await login(strong.url, 'quinn', 'wrong-password-x')).status).toBe(401);
      expect(decodeHash((await repo.findOneByOrFail({ id })).passwordHash).N).toBe(512);

      const ok = await login(strong.url, 'quinn', 'quinn-password-1');
      expect(ok.status).toBe(200);
      expect(ok.headers['x-uid']).toBe(id);
      const upgraded = (await repo.findOneByOrFail({ id })).passwordHash;
      expect(decodeHash(upgraded).N).toBe(2048);
      expect(strong.logs.find('password rehashed')).toHaveLength(1);

      expect((await login(strong.url, 'quinn', 'quinn-password-1')).status).toBe(200);
      expect((await repo.findOneByOrFail({ id })).passwordHash).toBe(upgraded);
      expect(strong.logs.find('password rehashed')).toHaveLength(1);
    } finally {
      await strong.stop();
    }
  });
});
