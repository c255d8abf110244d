import { api, removeDir, startGateway, tempDataDir } from '../admin/harness';
import type { RunningGateway } from '../../src/bootstrap';
import { REDACTED_PREFIX } from '../../src/engine/secret-fields';
import { edKey, hsKey } from '../support/tokens';

describe('secret-bearing options are redacted in admin answers, and a GET → PUT round trip keeps them', () => {
  let dir: string;
  let gw: RunningGateway;
  const hs = hsKey('hs-1');
  const ed = edKey('ed-1');
  const spec = { type: 'TokenIssuer', config: { plugin_name: 'issuer', keys: [hs, { kid: ed.kid, alg: 'EdDSA', private_key: ed.private_key }], active_kid: 'hs-1' } };

  beforeEach(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterEach(async () => {
    await gw.close();
    await removeDir(dir);
  });

  const stored = (): Record<string, unknown>[] => gw.gateway.getPlugin('issuer').config['keys'] as Record<string, unknown>[];

  it('never answers the HS256 secret or the private key, on create, list and get', async () => {
    const created = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', spec);
    const listed = await api(gw.adminUrl, 'GET', '/admin/v1/plugins');
    const one = await api(gw.adminUrl, 'GET', '/admin/v1/plugins/issuer');
    expect(created.status).toBe(201);
    for (const text of [JSON.stringify(created.body), JSON.stringify(listed.body), JSON.stringify(one.body)]) {
      expect(text).not.toContain(hs.secret);
      expect(text).not.toContain('PRIVATE KEY');
    }
    const keys = one.body.config.keys as Record<string, string>[];
    expect(keys[0]!['secret']).toMatch(new RegExp(`^${REDACTED_PREFIX}[0-9a-f]{16}$`));
    expect(keys[1]!['private_key']).toMatch(new RegExp(`^${REDACTED_PREFIX}`));
    // Options that are not secret stay readable.
    expect(keys[0]!['kid']).toBe('hs-1');
  });

  it('PUT of the redacted answer (with another change) keeps the stored secrets, even with the keys reordered', async () => {
    await api(gw.adminUrl, 'POST', '/admin/v1/plugins', spec);
    const got = (await api(gw.adminUrl, 'GET', '/admin/v1/plugins/issuer')).body as { type: string; config: Record<string, unknown> };
    const keys = got.config['keys'] as unknown[];
    const put = await api(gw.adminUrl, 'PUT', '/admin/v1/plugins', { type: got.type, config: { ...got.config, ttl_sec: 120, keys: [keys[1], keys[0]] } });
    expect(put.status).toBe(200);
    expect(gw.gateway.getPlugin('issuer').config['ttl_sec']).toBe(120);
    expect(stored()[1]!['secret']).toBe(hs.secret);
    expect(stored()[0]!['private_key']).toBe(ed.private_key);
  });

  it('refuses a marker that stands for no stored secret (400 GW_VALIDATION naming the field), changing nothing', async () => {
    await api(gw.adminUrl, 'POST', '/admin/v1/plugins', spec);
    const forged = structuredClone(spec);
    (forged.config.keys[0] as { secret: string }).secret = `${REDACTED_PREFIX}0123456789abcdef`;
    const put = await api(gw.adminUrl, 'PUT', '/admin/v1/plugins', forged);
    expect([put.status, put.body.code, put.body.field]).toEqual([400, 'GW_VALIDATION', 'config.keys.0.secret']);
    const other = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', { ...forged, config: { ...forged.config, plugin_name: 'issuer-2' } });
    expect([other.status, other.body.code]).toEqual([400, 'GW_VALIDATION']);
    expect(stored()[0]!['secret']).toBe(hs.secret);
  });

  it('marks the secret options writeOnly in the schema /admin/v1/plugin-types serves', async () => {
    const types = (await api(gw.adminUrl, 'GET', '/admin/v1/plugin-types')).body.plugin_types as { type: string; schema: { properties: { keys: { items: { properties: Record<string, { writeOnly?: boolean }> } } } } }[];
    for (const kind of ['TokenIssuer', 'TokenValidator']) {
      const props = types.find((t) => t.type === kind)!.schema.properties.keys.items.properties;
      expect([props['secret']!.writeOnly, props['private_key']!.writeOnly, props['kid']!.writeOnly]).toEqual([true, true, undefined]);
    }
  });
});
