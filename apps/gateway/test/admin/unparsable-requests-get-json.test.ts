import { connect } from 'node:net';
import type { RunningGateway } from '../../src/bootstrap';
import { removeDir, startGateway, tempDataDir } from './harness';

/** Sends raw bytes and collects everything the server answers until it closes. */
function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let out = '';
    socket.on('data', (c: Buffer) => (out += c.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
    socket.write(bytes);
  });
}

function jsonBody(answer: string): { code: string; message: string } {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
    code: string;
    message: string;
  };
}

describe('admin requests that cannot be parsed', () => {
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('answer an oversized request head with 431 GW_HEADERS_TOO_LARGE JSON', async () => {
    const answer = await raw(
      gw.adminUrl,
      `GET /health/v1/check HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(jsonBody(answer).code).toBe('GW_HEADERS_TOO_LARGE');
  });

  it('answer a garbage request line with 400 GW_BAD_REQUEST JSON', async () => {
    const answer = await raw(gw.adminUrl, 'HELLO THERE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(jsonBody(answer).code).toBe('GW_BAD_REQUEST');
  });
});
