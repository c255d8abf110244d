// dist/create-user.js makes the first user straight in the service's database (the compose
// stack's way, with no admin key): the password comes from stdin, the service's policy and
// hashing apply, and the user then logs in through the running service.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, startTestApp, type TestDatabase } from './harness';
import { login } from './http';
import { DATABASE_URL, describeEachDatabase } from './services';

const SCRIPT = join(__dirname, '..', 'dist', 'create-user.js');

function createUser(db: TestDatabase, args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env =
    db.config.kind === 'sqlite'
      ? { DATABASE_URL: '', AUTH_SQLITE_PATH: db.config.path }
      : { DATABASE_URL, AUTH_DB_SCHEMA: db.config.schema ?? '' };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [SCRIPT, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

describeEachDatabase('create-user command (%s)', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(driver);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('creates a user who can then log in, and refuses the same name twice', async () => {
    const created = await createUser(db, ['first-admin'], 'correct horse battery\n');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'first-admin', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const again = await createUser(db, ['first-admin'], 'another password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('AUTH_USERNAME_TAKEN');

    const app = await startTestApp(driver, {}, db);
    try {
      expect((await login(app.url, 'first-admin', 'correct horse battery')).status).toBe(200);
      expect((await login(app.url, 'first-admin', 'wrong password')).status).toBe(401);
    } finally {
      await app.running.close();
    }
  }, 60_000);

  it('applies the password policy and needs exactly one username', async () => {
    const short = await createUser(db, ['bob'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('AUTH_PASSWORD_POLICY');
    const none = await createUser(db, [], 'long enough password\n');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('expected 1 argument');
  }, 60_000);
});
