import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { request } from 'undici';
import { FileConfigStore } from '../../src/config-store/file-config-store';
import { Gateway } from '../../src/engine/gateway';
import { builtinPlugins } from '../../src/plugins';
import { removeDir, tempDataDir } from '../admin/harness';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { tokenPipelines } from '../support/token-gateway';
import { claims, edKey } from '../support/tokens';

const key = edKey('k1');

async function token(over: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims(over)).setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }).sign(await importPKCS8(key.private_key, 'EdDSA'));
}

/** A gateway on `dir`'s files, the way the standalone process builds it. */
async function start(dir: string): Promise<Gateway> {
  const gw = new Gateway({ store: new FileConfigStore(dir), plugins: builtinPlugins, dataDir: dir });
  await gw.start();
  return gw;
}

async function status(url: string, t: string, method = 'GET'): Promise<number> {
  const r = await request(url, { method, headers: { 'x-ddgw-token': t } });
  await r.body.text();
  return r.statusCode;
}

describe('item 7: revocation survives a restart in the embedded mode (revocation "memory")', () => {
  let dir: string;
  let backend: TestBackend;

  beforeAll(async () => {
    dir = await tempDataDir();
    backend = await startBackend();
  });
  afterAll(async () => {
    await backend.close();
    await removeDir(dir);
  });

  it('a logged-out token stays refused after the gateway restarts; others still pass', async () => {
    const out = await token({ sub: 'alice' });
    const kept = await token({ sub: 'bob' });
    let gw = await start(dir);
    const base = await tokenPipelines(gw, { authUrl: backend.url, backendUrl: backend.url, issuerKeys: [key], activeKid: 'k1', validatorKeys: [key] });
    expect(await status(`${base}/private/p`, out)).toBe(200);
    expect(await status(`${base}/logout`, out, 'POST')).toBe(204);
    expect(await status(`${base}/private/p`, out)).toBe(401);
    await gw.stop();

    gw = await start(dir);
    try {
      const again = `http://127.0.0.1:${serverPort(gw, 'private')}`;
      expect(await status(`${again}/private/p`, out)).toBe(401);
      expect(await status(`${again}/private/p`, kept)).toBe(200);
    } finally {
      await gw.stop();
    }
  });

  it('keeps entries only until the token would have expired, and skips a line torn by a crash', async () => {
    const files = await readdir(join(dir, 'revocations'));
    expect(files).toHaveLength(1);
    const file = join(dir, 'revocations', files[0]!);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as { j: string; u: number };
    // exp is 600 s ahead (claims()), plus the 30 s leeway.
    expect(entry.u).toBeGreaterThan(Date.now() + 600_000);
    expect(entry.u).toBeLessThan(Date.now() + 640_000);
    await writeFile(file, `${lines[0]}\n${JSON.stringify({ j: 'expired', u: Date.now() - 1 })}\n{"j":"tor`);
    const gw = await start(dir);
    try {
      const base = `http://127.0.0.1:${serverPort(gw, 'private')}`;
      expect(await status(`${base}/private/p`, await token({ jti: 'expired' }))).toBe(200);
      expect(await status(`${base}/private/p`, await token({ jti: entry.j }))).toBe(401);
    } finally {
      await gw.stop();
    }
  });
});
