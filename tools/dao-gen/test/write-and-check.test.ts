import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { planFiles } from '../src/plan';
import { buildTableModel } from '../src/table-model';
import { GENERATED_MARKER } from '../src/templates/header';
import { checkFiles, writeFiles } from '../src/write';
import { DriftError } from '../src/errors';
import { column, couponRelation } from './fixtures';
import { tempProject } from './project';

const GEN = ['models/coupon_relation_gen.ts', 'dao/shop/coupon_relation_dao_gen.ts', 'dao/shop/coupon_relation_storage_gen.ts'];

describe('writing and drift checking', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempProject('write')));
  afterEach(() => cleanup());

  const plan = (extra = false) => {
    const raw = couponRelation();
    if (extra) raw.columns.push(column('status', 'int2'));
    return planFiles(buildTableModel(raw, 'shop'));
  };

  it('writes the three _gen files with the header and scaffolds the hand-written model once', async () => {
    const outcomes = await writeFiles(dir, plan());
    expect(outcomes).toEqual([
      { path: 'models/coupon_relation_gen.ts', status: 'written' },
      { path: 'models/coupon_relation.ts', status: 'created' },
      { path: 'dao/shop/coupon_relation_dao_gen.ts', status: 'written' },
      { path: 'dao/shop/coupon_relation_storage_gen.ts', status: 'written' },
    ]);
    for (const path of GEN) expect(readFileSync(join(dir, path), 'utf8').startsWith(GENERATED_MARKER)).toBe(true);
    expect(readFileSync(join(dir, 'models/coupon_relation.ts'), 'utf8')).toContain("export { CouponRelation } from './coupon_relation_gen';");
  });

  it('rewrites _gen files but never touches the hand-written model', async () => {
    await writeFiles(dir, plan());
    const handWritten = '// mine\nexport { CouponRelation } from "./coupon_relation_gen";\nexport const extra = 1;\n';
    writeFileSync(join(dir, 'models/coupon_relation.ts'), handWritten);
    const again = await writeFiles(dir, plan());
    expect(again.map((o) => o.status)).toEqual(['unchanged', 'kept', 'unchanged', 'unchanged']);
    const changed = await writeFiles(dir, plan(true));
    expect(changed.map((o) => o.status)).toEqual(['written', 'kept', 'unchanged', 'unchanged']);
    expect(readFileSync(join(dir, 'models/coupon_relation_gen.ts'), 'utf8')).toContain('status!: number;');
    expect(readFileSync(join(dir, 'models/coupon_relation.ts'), 'utf8')).toBe(handWritten);
  });

  it('refuses to overwrite a _gen path without the header and writes nothing at all', async () => {
    mkdirSync(join(dir, 'dao/shop'), { recursive: true });
    writeFileSync(join(dir, 'dao/shop/coupon_relation_storage_gen.ts'), '// hand-written by someone\n');
    await expect(writeFiles(dir, plan())).rejects.toMatchObject({ code: 'DAO_NOT_GENERATED' });
    expect(existsSync(join(dir, 'models/coupon_relation_gen.ts'))).toBe(false);
    expect(existsSync(join(dir, 'models/coupon_relation.ts'))).toBe(false);
    expect(readFileSync(join(dir, 'dao/shop/coupon_relation_storage_gen.ts'), 'utf8')).toBe('// hand-written by someone\n');
  });

  it('--check passes when up to date and names every missing or changed _gen file', async () => {
    await expect(checkFiles(dir, plan())).rejects.toEqual(new DriftError(GEN));
    await writeFiles(dir, plan());
    // The scaffold is hand-written: deleting or editing it is not drift.
    writeFileSync(join(dir, 'models/coupon_relation.ts'), '// changed by hand\n');
    expect((await checkFiles(dir, plan())).map((o) => o.status)).toEqual(['unchanged', 'kept', 'unchanged', 'unchanged']);
    const err = await checkFiles(dir, plan(true)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriftError);
    expect((err as DriftError).files).toEqual(['models/coupon_relation_gen.ts']);
    // A check never writes.
    expect(readFileSync(join(dir, 'models/coupon_relation_gen.ts'), 'utf8')).not.toContain('status');
  });

  it('renders byte-identical output for the same schema (no timestamps, no URLs)', () => {
    const a = plan().map((f) => f.content);
    const b = plan().map((f) => f.content);
    expect(a).toEqual(b);
    expect(a.join('\n')).not.toMatch(/postgres:\/\/|\d{4}-\d{2}-\d{2}T/);
  });
});
