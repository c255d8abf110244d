// Alarm sinks: a pino log line, a webhook POST (undici) to a real local server, and a composite
// that keeps going when one sink fails.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { CompositeAlarm, LogAlarmSink, WebhookAlarmSink } from '../src/agent/alarm';

const event = { code: 'REG_AGENT_REGISTRY_UNAVAILABLE', message: 'registry register for pay failed after 3 attempts', cause: 'ECONNREFUSED', context: { service: 'pay' } };

describe('alarm sinks', () => {
  it('logs an error line flagged alarm with the code, cause and context', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    await new LogAlarmSink(pino({ base: undefined }, stream)).raise(event);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, alarm: true, code: event.code, cause: 'ECONNREFUSED', service: 'pay', msg: event.message });
  });

  it('POSTs the alarm as JSON to the webhook and fails on a non-2xx answer', async () => {
    const got: { body: unknown; type: string | undefined }[] = [];
    let status = 204;
    const server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        got.push({ body: JSON.parse(text), type: req.headers['content-type'] });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const sink = new WebhookAlarmSink(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, { source: 'host-a' });
      await sink.raise(event);
      expect(got[0]).toEqual({ type: 'application/json', body: { ...event, source: 'host-a', at: expect.any(String) } });
      status = 500;
      await expect(sink.raise(event)).rejects.toThrow('alarm webhook answered 500');
    } finally {
      server.close();
    }
  });

  it('composite: a failing sink is reported, the others still receive the alarm', async () => {
    const seen: string[] = [];
    const sinkErrors: unknown[] = [];
    const composite = new CompositeAlarm(
      [{ raise: async () => { throw new Error('webhook down'); } }, { raise: async (e) => { seen.push(e.code); } }],
      (err) => sinkErrors.push(err),
    );
    await composite.raise(event);
    expect(seen).toEqual([event.code]);
    expect(sinkErrors).toEqual([new Error('webhook down')]);
  });
});
