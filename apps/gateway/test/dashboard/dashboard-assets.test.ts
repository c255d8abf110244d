import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseEncoding, loadDashboardFiles, notModified, type DashboardAsset } from '../../src/admin/dashboard/dashboard-assets';

/** How the admin plane reads the built dashboard and picks what to answer. */
describe('dashboard assets', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gh-dashboard-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is undefined when the dashboard was not built', () => {
    expect(loadDashboardFiles(join(dir, 'missing'))).toBeUndefined();
  });

  it('serves only allowed names and types from assets/, pairing the compressed forms', async () => {
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'app-ABC.js'), 'x');
    await writeFile(join(dir, 'assets', 'app-ABC.js.br'), 'b');
    await writeFile(join(dir, 'assets', 'app-ABC.js.gz'), 'g');
    await writeFile(join(dir, 'assets', 'secret.pem'), 'k');
    await writeFile(join(dir, 'assets', '.env.js'), 'e');
    await mkdir(join(dir, 'assets', 'sub.js'));
    const files = loadDashboardFiles(dir)!;
    expect([...files.assets.keys()]).toEqual(['app-ABC.js']);
    const js = files.assets.get('app-ABC.js')!;
    expect(js.bodies.identity.toString()).toBe('x');
    expect(js.bodies.br?.toString()).toBe('b');
    expect(js.bodies.gzip?.toString()).toBe('g');
    expect(files.index.cacheControl).toBe('no-cache');
    expect(js.cacheControl).toContain('immutable');
  });

  it('prefers Brotli, then gzip, honouring q=0 and what the build made', () => {
    const both = { bodies: { identity: Buffer.from('i'), br: Buffer.from('b'), gzip: Buffer.from('g') } } as DashboardAsset;
    const gzipOnly = { bodies: { identity: Buffer.from('i'), gzip: Buffer.from('g') } } as DashboardAsset;
    expect(chooseEncoding('gzip, deflate, br', both)).toBe('br');
    expect(chooseEncoding('gzip, br;q=0', both)).toBe('gzip');
    expect(chooseEncoding('BR', both)).toBe('br');
    expect(chooseEncoding('br', gzipOnly)).toBe('identity');
    expect(chooseEncoding('identity', both)).toBe('identity');
    expect(chooseEncoding(undefined, both)).toBe('identity');
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(notModified('"a", "b"', '"b"')).toBe(true);
    expect(notModified('W/"b"', '"b"')).toBe(true);
    expect(notModified('*', '"b"')).toBe(true);
    expect(notModified('"c"', '"b"')).toBe(false);
    expect(notModified(undefined, '"b"')).toBe(false);
  });
});
