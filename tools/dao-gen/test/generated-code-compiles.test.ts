import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { itWith, serviceUp } from '@gatehouse/test-support';
import { Client } from 'pg';
import { generate } from '../src/generate';
import { tempProject } from './project';
import { POSTGRES_URL, uniqueTable } from './services';

const run = promisify(execFile);

// A consumer of the generated API, compiled with it: proves the types are usable, not just valid.
const APP = `import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { type Key, MemoryStorage, type Storage } from '@gatehouse/storage-proxy';
import { Coupon } from './models/coupon';
import { COUPON_KEY, newCouponDao } from './dao/shop/coupon_dao_gen';
import { COUPON_CACHE_PREFIX, newCouponRedisCache, newCouponStorage } from './dao/shop/coupon_storage_gen';
import { CouponRelation } from './models/coupon_relation';
import { newCouponRelationStorage } from './dao/shop/coupon_relation_storage_gen';

export async function main(dataSource: DataSource, redis: Redis): Promise<string> {
  const local = newCouponStorage({ dataSource, cache: new MemoryStorage<Coupon>({ maxEntries: 10 }) });
  const remote = newCouponStorage({ dataSource, redis, ttlSec: 60 });
  const cache: Storage<Coupon> = newCouponRedisCache(redis, { codec: 'msgpack' });
  const id: Key = await local.add(null, Object.assign(new Coupon(), { senderUid: 'a', amount: 1, active: true }));
  const row: Coupon = await remote.get(id);
  const many: Map<Key, Coupon> = await local.multiGet([id]);
  const ratio: number | null = row.ratio;
  // @ts-expect-error a nullable column is not a plain number
  const bad: number = row.note;
  await cache.delete(id);
  const relations = newCouponRelationStorage({ dataSource, cache: new MemoryStorage<CouponRelation>() });
  const sender: Key = await relations.add('sender-1', Object.assign(new CouponRelation(), { couponId: 1, note: null }));
  const relation: CouponRelation = await relations.get(sender);
  const couponId: number = relation.couponId;
  return [couponId, COUPON_KEY, COUPON_CACHE_PREFIX, many.size, ratio, bad, newCouponDao(dataSource).constructor.name].join();
}
`;

const TSCONFIG = {
  extends: '@gatehouse/tsconfig/base.json',
  compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true, noEmit: true, types: ['node'] },
  include: ['**/*.ts'],
};

describe('generated code', () => {
  let project: ReturnType<typeof tempProject>;
  let client: Client | undefined;
  // PostgreSQL output, when the database is up, is generated beside SQLite's and compiled with it.
  const withPostgres = serviceUp('postgres');
  const pgTable = uniqueTable('dg_compile');
  const pgSerial = uniqueTable('dg_serial');

  beforeAll(async () => {
    project = tempProject('compile');
    const db = new Database(join(project.dir, 'app.db'));
    db.exec(`CREATE TABLE coupon (id INTEGER PRIMARY KEY, sender_uid VARCHAR(64) NOT NULL UNIQUE, amount DECIMAL(10,2) NOT NULL,
      ratio REAL, active BOOLEAN NOT NULL DEFAULT 1, note TEXT, payload JSON, raw BLOB, day DATE,
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "class" TEXT, "weird name" TEXT)`);
    // No primary key: keyed by a column given on the command line, which the entity makes primary.
    db.exec('CREATE TABLE coupon_relation (sender_uid TEXT NOT NULL UNIQUE, coupon_id INTEGER NOT NULL, note TEXT)');
    db.close();
    const sqlite = 'sqlite:' + join(project.dir, 'app.db');
    await generate({ databaseUrl: sqlite, table: 'coupon', packageName: 'shop', outDir: project.dir });
    await generate({ databaseUrl: sqlite, table: 'coupon_relation', packageName: 'shop', keyColumn: 'sender_uid', outDir: project.dir });
    if (withPostgres) {
      // PostgreSQL output differs (identity keys, uuid keys, jsonb, int8): compile it alongside.
      client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`CREATE TABLE ${pgTable} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total numeric(12,2), at timestamptz, tags jsonb, n int8)`);
      await client.query(`CREATE TABLE ${pgSerial} (id serial PRIMARY KEY, name text NOT NULL, raw bytea)`);
      await generate({ databaseUrl: POSTGRES_URL, table: pgTable, packageName: 'pg', outDir: project.dir });
      await generate({ databaseUrl: POSTGRES_URL, table: pgSerial, packageName: 'pg', outDir: project.dir });
    }
  });

  afterAll(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${pgTable}, ${pgSerial}`);
    await client?.end();
    project.cleanup();
  });

  it('compiles under the monorepo strict base config, together with a consumer of its API', async () => {
    writeFileSync(join(project.dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(join(project.dir, 'app.ts'), APP);
    const tsc = require.resolve('typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', project.dir], { timeout: 80_000 }).catch((err: { stdout: string; code: number }) => err);
    expect('stdout' in result ? result.stdout : '').toBe('');
  }, 90_000);

  itWith('postgres')('generates identity and uuid keys for PostgreSQL tables (compiled by the test above)', () => {
    const model = readFileSync(join(project.dir, 'models', `${pgSerial}_gen.ts`), 'utf8');
    expect(model).toContain("@PrimaryGeneratedColumn('identity'");
    expect(readFileSync(join(project.dir, 'models', `${pgTable}_gen.ts`), 'utf8')).toContain("@PrimaryGeneratedColumn('uuid'");
  });

  it('really is strict: a type error in a consumer fails the compile', async () => {
    writeFileSync(join(project.dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(join(project.dir, 'app.ts'), `import { Coupon } from './models/coupon';\nexport const n: number = new Coupon().note;\n`);
    const tsc = require.resolve('typescript/bin/tsc');
    const failed = await run(process.execPath, [tsc, '-p', project.dir], { timeout: 80_000 }).then(
      () => undefined,
      (err: { stdout: string }) => err.stdout,
    );
    expect(failed).toContain("Type 'string | null' is not assignable to type 'number'");
  }, 90_000);
});
