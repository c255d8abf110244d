import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPInput answers a failed task', () => {
  let gw: Gateway;
  let base: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    await gw.createPlugin(serverSpec('srv'));
    for (const [name, code, respond] of [['json', 429, true], ['quiet', 429, false], ['missing', 498, true]] as const) {
      await createPipeline(gw, name, [
        serverSpec('srv'),
        inputSpec(`in-${name}`, 'srv', { path: `/${name}`, respond_error: respond }),
        { type: 'TestFail', config: { plugin_name: `fail-${name}`, result_code: code } },
      ]);
    }
    base = `http://127.0.0.1:${serverPort(gw, 'json')}`;
  });
  afterAll(() => gw.stop());

  it('with respond_error true: the mapped status and a JSON {code, message} body', async () => {
    const res = await request(`${base}/json`);
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toBe('application/json');
    expect(await res.body.json()).toEqual({ code: 'GW_TEST_FAILURE', message: 'failed on purpose by fail-json' });
  });

  it('with respond_error false: the status and an empty body', async () => {
    const res = await request(`${base}/quiet`);
    expect(res.statusCode).toBe(429);
    expect(await res.body.text()).toBe('');
  });

  it('maps result code 498 (missing input) to HTTP 503', async () => {
    const res = await request(`${base}/missing`);
    expect(res.statusCode).toBe(503);
    await res.body.text();
  });

  it('answers with the response keys of a successful task: code, headers, buffer', async () => {
    await createPipeline(gw, 'ok', [
      serverSpec('srv'),
      inputSpec('in-ok', 'srv', { path: '/ok', response_body_buffer_key: 'BUF' }),
      { type: 'TestStep', config: { plugin_name: 'code', action: 'set', key: 'HTTP_RESP_CODE', value: '201', numeric: true } },
      { type: 'TestStep', config: { plugin_name: 'buf', action: 'set', key: 'BUF', value: 'created!' } },
    ]);
    const res = await request(`${base}/ok`);
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-length']).toBe('8');
    expect(await res.body.text()).toBe('created!');
  });
});
