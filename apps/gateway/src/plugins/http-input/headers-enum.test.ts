import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPInput headers_enum', () => {
  let gw: Gateway;
  let url: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'h', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/h', headers_enum: { 'X-Client': ['ios', 'android'] }, response_body_buffer_key: 'ECHO' }),
      echoSpec('echo', ['HTTP_X_CLIENT']),
    ]);
    url = `http://127.0.0.1:${serverPort(gw, 'h')}/h`;
  });
  afterAll(() => gw.stop());

  it('passes a request whose header has an allowed value', async () => {
    const res = await request(url, { headers: { 'x-client': 'android' } });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ HTTP_X_CLIENT: 'android' });
  });

  it.each([['web'], [undefined]])('answers 400 GW_HEADER_NOT_ALLOWED for value %j', async (value) => {
    const res = await request(url, { headers: value === undefined ? {} : { 'x-client': value } });
    expect(res.statusCode).toBe(400);
    const body = (await res.body.json()) as { code: string; message: string };
    expect(body.code).toBe('GW_HEADER_NOT_ALLOWED');
    expect(body.message).toContain('x-client');
  });
});
