// The schema comes from migrations, never from `synchronize`: the options keep it off for both
// drivers, a production boot on an empty database creates the table through the migration and
// records it, and a second boot runs nothing again.
import { dataSourceOptions } from '../src/database/data-source.factory';
import { startTestApp, createTestDatabase, type TestDatabase } from './harness';
import { describeEachDatabase } from './services';

describe('data source options', () => {
  it('never synchronize, for SQLite and PostgreSQL', () => {
    for (const options of [
      dataSourceOptions({ kind: 'sqlite', path: '/tmp/x.sqlite' }),
      dataSourceOptions({ kind: 'postgres', url: 'postgres://u@h/db', schema: 's' }),
    ]) {
      expect(options.synchronize).toBe(false);
      expect(options.migrations).toHaveLength(1);
    }
  });
});

describeEachDatabase('migrations at boot (%s)', (driver) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('creates the users table on a production boot and runs each migration once', async () => {
    const first = await startTestApp(driver, { production: true, hasher: { params: {} } }, db);
    let dataSource = first.running.dataSource;
    const applied = await dataSource.query('SELECT name FROM migrations');
    expect(applied.map((r: { name: string }) => r.name)).toEqual(['CreateUsers1764100000000']);
    const columns = await dataSource.query(
      driver === 'sqlite'
        ? "SELECT name AS column_name FROM pragma_table_info('users')"
        : `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'users'`,
    );
    expect(columns.map((c: { column_name: string }) => c.column_name).sort()).toEqual(
      ['created_at', 'disabled', 'id', 'password_hash', 'username'],
    );
    await first.stop();

    const second = await startTestApp(driver, { production: true, hasher: { params: {} } }, db);
    dataSource = second.running.dataSource;
    expect(await dataSource.query('SELECT name FROM migrations')).toHaveLength(1);
    await second.stop();
  });

  it('enforces unique usernames in the database itself', async () => {
    const t = await startTestApp(driver, {}, db);
    try {
      const insert = (id: string) =>
        t.running.dataSource.query(
          driver === 'sqlite'
            ? 'INSERT INTO users (id, username, password_hash, created_at, disabled) VALUES (?, ?, ?, ?, ?)'
            : 'INSERT INTO users (id, username, password_hash, created_at, disabled) VALUES ($1, $2, $3, $4, $5)',
          [id, 'dup-user', 'scrypt$x', new Date().toISOString(), driver === 'sqlite' ? 0 : false],
        );
      await insert('00000000-0000-0000-0000-000000000001');
      await expect(insert('00000000-0000-0000-0000-000000000002')).rejects.toThrow(/UNIQUE|unique|duplicate/);
    } finally {
      await t.stop();
    }
  });
});
