import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../support/harness';

/** Milliseconds `fn` takes. */
async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

describe('item 4: user-supplied regular expressions match in linear time', () => {
  let gw: Gateway;
  let base: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'redos', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path_regex: '^/redos/(a+)+$' }),
      { type: 'TestStep', config: { plugin_name: 'ok', action: 'set', key: 'HTTP_RESP_CODE', value: '204', numeric: true } },
    ]);
    await createPipeline(gw, 'redirect', [
      serverSpec('srv'),
      inputSpec('rin', 'srv', { path: '/r/{rest...}' }),
      { type: 'HTTPRedirect', config: { plugin_name: 'redir', match: '^/r/(x+)+y$', replacement: '/ok' } },
      { type: 'TestStep', config: { plugin_name: 'rok', action: 'set', key: 'HTTP_RESP_CODE', value: '204', numeric: true } },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'redos')}`;
  });
  afterAll(() => gw.stop());

  it('a route path_regex of ^/redos/(a+)+$ answers a 10,000-character attack path in well under a second', async () => {
    // A backtracking engine needs ~2^n steps here: 29 characters took 3.9 s, 40 would take hours.
    for (const n of [30, 10_000]) {
      const ms = await timed(async () => {
        const res = await request(`${base}/redos/${'a'.repeat(n)}!`);
        expect(res.statusCode).toBe(404);
        await res.body.text();
      });
      expect(ms).toBeLessThan(1000);
    }
    const ok = await request(`${base}/redos/aaaa`);
    expect(ok.statusCode).toBe(204);
  });

  it('HTTPRedirect match runs in linear time too', async () => {
    for (const n of [30, 10_000]) {
      const ms = await timed(async () => {
        const res = await request(`${base}/r/${'x'.repeat(n)}`);
        expect(res.statusCode).toBe(204);
        await res.body.text();
      });
      expect(ms).toBeLessThan(1000);
    }
  });

  it('the admin name_pattern filter runs in linear time', async () => {
    for (const n of [30, 120]) {
      await gw.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: `${'a'.repeat(n)}-`, tps: '1' } });
      const ms = await timed(() => expect(gw.listPlugins({ namePattern: '^(a+)+$' })).toEqual([]));
      expect(ms).toBeLessThan(1000);
    }
  });

  it.each([
    ['(a)\\1', 'a backreference'],
    ['(?=a)b', 'a lookahead'],
    ['(?<!a)b', 'a lookbehind'],
    ['a++', 'a possessive quantifier'],
  ])('refuses %s (%s) naming the field', async (pattern) => {
    await expect(gw.createPlugin(inputSpec('bad-in', 'srv', { path_regex: pattern }))).rejects.toMatchObject({
      code: 'GW_VALIDATION',
      field: 'config.path_regex',
    });
    await expect(gw.createPlugin({ type: 'HTTPRedirect', config: { plugin_name: 'bad-r', match: pattern, replacement: '/' } })).rejects.toMatchObject({
      code: 'GW_VALIDATION',
      field: 'config.match',
    });
    expect(() => gw.listPlugins({ namePattern: pattern })).toThrow(expect.objectContaining({ code: 'GW_BAD_REQUEST', field: 'name_pattern' }));
  });
});
