import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPInput writes path params, CGI keys and headers into the task', () => {
  let gw: Gateway;
  let base: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'cgi', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/users/{id}/files/{rest...}', response_body_buffer_key: 'ECHO' }),
      echoSpec('echo', [
        'id',
        'rest',
        'REQUEST_METHOD',
        'REQUEST_URI',
        'QUERY_STRING',
        'PATH_INFO',
        'REMOTE_ADDR',
        'SERVER_PORT',
        'SERVER_PROTOCOL',
        'CONTENT_TYPE',
        'CONTENT_LENGTH',
        'HTTP_X_TEST_HEADER',
        'HTTP_USER_AGENT',
        'HTTP_NOT_SENT',
      ]),
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'cgi')}`;
  });
  afterAll(() => gw.stop());

  it('exposes every key to later plugins', async () => {
    const res = await request(`${base}/users/a%20b/files/x/y.txt?q=1&r=%2F`, {
      method: 'POST',
      headers: { 'x-test-header': 'hello', 'user-agent': 'jest', 'content-type': 'text/plain' },
      body: 'abc',
    });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({
      id: 'a b',
      rest: 'x/y.txt',
      REQUEST_METHOD: 'POST',
      REQUEST_URI: '/users/a%20b/files/x/y.txt?q=1&r=%2F',
      QUERY_STRING: 'q=1&r=%2F',
      PATH_INFO: '/users/a%20b/files/x/y.txt',
      REMOTE_ADDR: '127.0.0.1',
      SERVER_PORT: String(serverPort(gw, 'cgi')),
      SERVER_PROTOCOL: 'HTTP/1.1',
      CONTENT_TYPE: 'text/plain',
      CONTENT_LENGTH: '3',
      HTTP_X_TEST_HEADER: 'hello',
      HTTP_USER_AGENT: 'jest',
      HTTP_NOT_SENT: null,
    });
  });

  it('has an empty QUERY_STRING without a query', async () => {
    const res = await request(`${base}/users/1/files/f`);
    expect(await res.body.json()).toMatchObject({ QUERY_STRING: '', REQUEST_METHOD: 'GET', id: '1', rest: 'f' });
  });

  it('only serves its configured methods (405 with Allow otherwise)', async () => {
    const res = await request(`${base}/users/1/files/f`, { method: 'PATCH' });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET, POST, PUT, DELETE, HEAD');
    await res.body.text();
  });
});
