import { request as httpRequest } from 'node:http';
import { importPKCS8, SignJWT } from 'jose';
import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { startGateway } from '../support/gateway';
import { tokenPipelines } from '../support/token-gateway';
import { claims, edKey } from '../support/tokens';

const key = edKey('k1');

async function token(over: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims(over)).setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }).sign(await importPKCS8(key.private_key, 'EdDSA'));
}

/** A GET with headers as given (node:http keeps a Connection header the way the client wrote it). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('item 6: identity headers the client cannot remove or smuggle', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let base: string;

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway();
    base = await tokenPipelines(gw, { authUrl: backend.url, backendUrl: backend.url, issuerKeys: [key], activeKid: 'k1', validatorKeys: [key] });
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  const lastSeen = () => backend.requests.at(-1)!;

  it('Connection: x-uid does not strip the X-UID the validator sets', async () => {
    for (const connection of ['x-uid', 'keep-alive, X-UID', 'x_uid, x-forwarded-for']) {
      const r = await get(`${base}/private/p`, { 'x-ddgw-token': await token({ sub: 'alice' }), connection });
      expect(r.status).toBe(200);
      expect(lastSeen().headers['x-uid']).toBe('alice');
      expect(lastSeen().headers['x-forwarded-for']).toBe('127.0.0.1');
    }
  });

  it('caps the number of request header fields with a JSON 431 (default 100)', async () => {
    const before = backend.requests.length;
    const filler: Record<string, string> = { 'x-ddgw-token': await token() };
    for (let i = 0; i < 1000; i++) filler[`x-f${i}`] = '1';
    const r = await get(`${base}/private/p`, filler);
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'GW_HEADERS_TOO_LARGE' });
    expect(backend.requests.length).toBe(before);
    const ok: Record<string, string> = { 'x-ddgw-token': await token() };
    for (let i = 0; i < 90; i++) ok[`x-f${i}`] = '1';
    expect((await get(`${base}/private/p`, ok)).status).toBe(200);
  });

  it('never forwards X-DDGW-TOKEN to a backend, on public routes too', async () => {
    const t = await token();
    const pub = await request(`${base}/public/p`, { headers: { 'x-ddgw-token': t } });
    expect(pub.statusCode).toBe(200);
    await pub.body.text();
    expect(lastSeen().headers['x-ddgw-token']).toBeUndefined();
    const priv = await request(`${base}/private/p`, { headers: { 'x-ddgw-token': t } });
    expect(priv.statusCode).toBe(200);
    await priv.body.text();
    expect(lastSeen().headers['x-ddgw-token']).toBeUndefined();
  });

  it('a path param rendered into a backend header cannot add a header line (400, no backend call)', async () => {
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'u-in', server_name: 'srv', path: '/u/{id}' } });
    await gw.createPlugin({
      type: 'HTTPOutput',
      config: { plugin_name: 'u-out', url_pattern: `${backend.url}/u`, method: 'GET', header_patterns: { 'x-user': '{id}' } },
    });
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'u', plugin_names: ['srv', 'u-in', 'u-out'] } });
    const before = backend.requests.length;
    const bad = await request(`${base}/u/a%0D%0AX-Injected:%201`);
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.json()).toMatchObject({ code: 'GW_BAD_REQUEST' });
    expect(backend.requests.length).toBe(before);
    const ok = await request(`${base}/u/alice`);
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
    expect(lastSeen().headers['x-user']).toBe('alice');
  });

  it('refuses tokens issued in the future beyond the leeway (30 s)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const year = 365 * 24 * 3600;
    const refused = await request(`${base}/private/p`, { headers: { 'x-ddgw-token': await token({ iat: now + year, exp: now + year + 600 }) } });
    expect(refused.statusCode).toBe(401);
    await refused.body.text();
    const skewed = await request(`${base}/private/p`, { headers: { 'x-ddgw-token': await token({ iat: now + 10 }) } });
    expect(skewed.statusCode).toBe(200);
    await skewed.body.text();
  });

  it('refuses a non-canonical base64url spelling of a valid signature', async () => {
    const t = await token();
    const sig = t.slice(t.lastIndexOf('.') + 1);
    // 64 bytes = 86 characters; the last one carries 2 unused bits. Setting them keeps the bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    const variant = `${t.slice(0, t.length - 1)}${alphabet[last | 1]}`;
    expect(variant).not.toBe(t);
    expect(Buffer.from(variant.slice(variant.lastIndexOf('.') + 1), 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    const r = await request(`${base}/private/p`, { headers: { 'x-ddgw-token': variant } });
    expect(r.statusCode).toBe(401);
    await r.body.text();
    const ok = await request(`${base}/private/p`, { headers: { 'x-ddgw-token': t } });
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
  });
});
