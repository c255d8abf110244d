import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));
const describeTls = OPENSSL ? describe : describe.skip;

describeTls('HTTPServer with TLS (self-signed certificate made by openssl)', () => {
  let gw: Gateway;
  let dir: string;
  let agent: Agent;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gh-gw-tls-'));
    execFileSync(OPENSSL!, [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    agent = new Agent({ connect: { ca: readFileSync(join(dir, 'cert.pem')) } });
  });
  afterAll(async () => {
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => gw.stop());

  it('speaks HTTPS with cert_file/key_file and marks the task HTTPS=on', async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 't', [
      serverSpec('srv', { cert_file: join(dir, 'cert.pem'), key_file: join(dir, 'key.pem') }),
      inputSpec('in', 'srv', { path: '/secure', response_body_buffer_key: 'ECHO' }),
      echoSpec('e', ['HTTPS', 'REQUEST_METHOD']),
    ]);
    const res = await request(`https://127.0.0.1:${serverPort(gw, 't')}/secure`, { dispatcher: agent });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ HTTPS: 'on', REQUEST_METHOD: 'GET' });
    // Plain HTTP on the TLS port gets no HTTP answer.
    await expect(request(`http://127.0.0.1:${serverPort(gw, 't')}/secure`, { headersTimeout: 2000 })).rejects.toThrow();
  });

  it('refuses a key without a cert, and a cert file that cannot be read, naming the field', async () => {
    gw = await startTestGateway();
    await expect(gw.createPlugin(serverSpec('a', { key_file: join(dir, 'key.pem') }))).rejects.toMatchObject({
      code: 'GW_VALIDATION',
      field: 'config.cert_file',
    });
    await gw.createPlugin(serverSpec('b', { cert_file: join(dir, 'missing.pem'), key_file: join(dir, 'key.pem') }));
    await gw.createPlugin(inputSpec('in', 'b', { path: '/x' }));
    await expect(gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['b', 'in'] } })).rejects.toMatchObject({
      code: 'GW_VALIDATION',
      field: 'config.cert_file',
    });
    expect(gw.listPipelines()).toEqual([]);
  });
});
