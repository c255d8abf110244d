import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAccessLogDestination } from './access-log-destination';
import { AccessLogSink, formatAccessEntry, type AccessEntry } from './access-log-sink';
import type { AccessRecord } from './access-record';

const record = (over: Partial<AccessRecord> = {}): AccessRecord => ({
  time: Date.UTC(2026, 10, 29, 12, 0, 0),
  now: () => 0,
  start: 0,
  server: 'srv',
  client: '127.0.0.1',
  method: 'GET',
  path: '/x',
  writtenBefore: 0,
  pipeline: 'p',
  route: '/x',
  backend: 'http://127.0.0.1:1',
  backendStart: 0,
  backendMs: 1.23456,
  errorCode: undefined,
  ...over,
});
const entry = (over: Partial<AccessRecord> = {}): AccessEntry => ({ record: record(over), status: 200, bytesIn: 40, bytesOut: 120, durationMs: 2.5 });
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('AccessLogSink', () => {
  it('formats one JSON line with every field, times rounded to µs', () => {
    expect(JSON.parse(formatAccessEntry(entry()))).toEqual({
      time: '2026-11-29T12:00:00.000Z',
      type: 'access',
      server: 'srv',
      client: '127.0.0.1',
      method: 'GET',
      path: '/x',
      pipeline: 'p',
      route: '/x',
      status: 200,
      bytes_in: 40,
      bytes_out: 120,
      duration_ms: 2.5,
      backend: 'http://127.0.0.1:1',
      backend_ms: 1.235,
      error_code: null,
    });
    expect(JSON.parse(formatAccessEntry(entry({ backend: undefined, backendMs: -1 })))).toMatchObject({ backend: null, backend_ms: null });
  });

  it('a hostile path cannot forge a second line', () => {
    const line = formatAccessEntry(entry({ path: '/a\n{"type":"access","status":200}\r\n' }));
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line).path).toBe('/a\n{"type":"access","status":200}\r\n');
  });

  it('writes nothing during the request turn, then one batch after it', async () => {
    const chunks: string[] = [];
    const sink = new AccessLogSink({ write: (c) => chunks.push(c) });
    sink.push(entry());
    sink.push(entry({ path: '/y' }));
    expect(chunks).toHaveLength(0);
    await nextTurn();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.trimEnd().split('\n').map((l) => (JSON.parse(l) as { path: string }).path)).toEqual(['/x', '/y']);
    expect(sink.written).toBe(2);
  });

  it('bounds the queue: entries beyond it are dropped and counted, never buffered', async () => {
    const chunks: string[] = [];
    const sink = new AccessLogSink({ write: (c) => chunks.push(c) }, { maxQueued: 3 });
    for (let i = 0; i < 5; i++) sink.push(entry({ path: `/${i}` }));
    expect(sink.dropped).toBe(2);
    await nextTurn();
    expect(chunks.join('').trimEnd().split('\n')).toHaveLength(3);
  });

  it('counts the lines its destination drops too', () => {
    const sink = new AccessLogSink({ write: () => false, dropped: 7 });
    expect(sink.dropped).toBe(7);
  });

  it('close flushes what is queued, ends the destination, and drops later entries', () => {
    const chunks: string[] = [];
    let ended = 0;
    const sink = new AccessLogSink({ write: (c) => chunks.push(c), end: () => ended++ });
    sink.push(entry());
    sink.close();
    expect(chunks).toHaveLength(1);
    expect(ended).toBe(1);
    sink.push(entry());
    expect(sink.dropped).toBe(1);
  });

  it('appends to the file GATEWAY_ACCESS_LOG_FILE names, making its directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-access-'));
    try {
      const file = join(dir, 'logs', 'access.log');
      const sink = new AccessLogSink(openAccessLogDestination(file));
      sink.push(entry());
      sink.push(entry({ path: '/two' }));
      await nextTurn();
      sink.close();
      const deadline = Date.now() + 5000;
      let text = '';
      while (Date.now() < deadline) {
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          text = '';
        }
        if (text.split('\n').length >= 3) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { path: string }).path)).toEqual(['/x', '/two']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
