import { PassThrough, Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ProxiedBody } from './proxied-body';

function controller(): Dispatcher.DispatchController & { log: string[] } {
  const log: string[] = [];
  let paused = false;
  return {
    log,
    get aborted() {
      return log.includes('abort');
    },
    get paused() {
      return paused;
    },
    get reason() {
      return null;
    },
    abort: () => log.push('abort'),
    pause: () => {
      paused = true;
      log.push('pause');
    },
    resume: () => {
      paused = false;
      log.push('resume');
    },
  };
}

function collect(): { sink: PassThrough; text: () => string } {
  const sink = new PassThrough();
  const parts: Buffer[] = [];
  sink.on('data', (c: Buffer) => parts.push(c));
  return { sink, text: () => Buffer.concat(parts).toString() };
}

describe('ProxiedBody relays a backend body into the client response', () => {
  it('buffers chunks that arrive before pipe and ends the sink when the body ended first', async () => {
    const b = new ProxiedBody(controller());
    b.push(Buffer.from('he'));
    b.push(Buffer.from('llo'));
    b.end();
    const { sink, text } = collect();
    b.pipe(sink);
    await new Promise((r) => sink.on('end', r));
    expect(text()).toBe('hello');
  });

  it('pauses the backend when more than 64 KiB waits for a reader, and resumes on pipe', () => {
    const c = controller();
    const b = new ProxiedBody(c);
    for (let i = 0; i < 5; i++) b.push(Buffer.alloc(16 * 1024));
    expect(c.log).toContain('pause');
    b.pipe(collect().sink);
    expect(c.log.at(-1)).toBe('resume');
  });

  it('carries backpressure: a full client response pauses the backend until it drains', async () => {
    const c = controller();
    const b = new ProxiedBody(c);
    const chunks: Buffer[] = [];
    let release: (() => void) | undefined;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        release = cb;
      },
    });
    b.pipe(slow);
    b.push(Buffer.alloc(4096));
    expect(c.log).toEqual(['pause']);
    release!();
    await new Promise((r) => setImmediate(r));
    expect(c.log).toEqual(['pause', 'resume']);
  });

  it('destroy aborts the backend request unless the body already ended', () => {
    const c1 = controller();
    new ProxiedBody(c1).destroy();
    expect(c1.log).toEqual(['abort']);
    const c2 = controller();
    const ended = new ProxiedBody(c2);
    ended.end();
    ended.destroy();
    expect(c2.log).toEqual([]);
  });

  it('a backend failure mid-body cuts the client response', () => {
    const b = new ProxiedBody(controller());
    const { sink } = collect();
    sink.on('error', () => undefined);
    b.pipe(sink);
    b.push(Buffer.from('partial'));
    b.fail(new Error('socket hang up'));
    expect(sink.destroyed).toBe(true);
  });
});
