import { Readable } from 'node:stream';
import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { balancedApi } from '../../../test/support/cross-pipeline';
import { startTestGateway, until } from '../../../test/support/harness';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const CHUNK = Buffer.alloc(64 * 1024, 'x');
const TOTAL_CHUNKS = 512; // 32 MiB

describe('bodies stream through the cross-pipeline hop without being buffered', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('the backend reads the first request bytes while the client is still sending, and counts all 32 MiB', async () => {
    let received = 0;
    let peakInFlight = 0;
    const counting: Server = createServer((req, res) => {
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', () => res.end(String(received)));
    });
    await new Promise<void>((r) => counting.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(counting.address() as AddressInfo).port}`;
    gw = await startTestGateway();
    const base = await balancedApi(gw, [url], {}, {}, { max_body_bytes: 0, request_buffer_bytes: 16384 });
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent === 1) {
          // The rest waits until the backend has seen the first chunk: a hop that buffered the
          // whole body would never get here, and the test would time out.
          void until(() => received > 0, 10_000, 'first bytes at the backend').then(() => this.push(next()));
          return;
        }
        this.push(next());
      },
    });
    const next = (): Buffer | null => {
      // Bytes the client sent that the backend has not read yet: what sits in sockets and streams.
      peakInFlight = Math.max(peakInFlight, sent * CHUNK.length - received);
      return sent++ < TOTAL_CHUNKS ? CHUNK : null;
    };
    const res = await request(`${base}/api/upload`, { method: 'POST', body });
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe(String(TOTAL_CHUNKS * CHUNK.length));
    // Socket buffers and stream high-water marks hold a few MiB (6.5 measured); a hop that buffered
    // would hold the whole body (32 MiB).
    expect(peakInFlight).toBeLessThan(16 * 1024 * 1024);
    counting.closeAllConnections();
    await new Promise<void>((r) => counting.close(() => r()));
  });

  it('the client gets the first response bytes while the backend is still writing', async () => {
    let finish: (() => void) | undefined;
    const backend: TestBackend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      finish = () => res.end('last');
    });
    gw = await startTestGateway();
    const base = await balancedApi(gw, [backend.url]);
    const res = await request(`${base}/api/download`);
    expect(res.statusCode).toBe(200);
    const it = res.body[Symbol.asyncIterator]();
    const first = await it.next();
    expect(String(first.value)).toBe('first;');
    expect(finish).toBeDefined();
    finish!();
    let rest = '';
    for (let r = await it.next(); !r.done; r = await it.next()) rest += String(r.value);
    expect(rest).toBe('last');
    await backend.close();
  });
});
