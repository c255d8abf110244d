import { EventEmitter } from 'node:events';
import { exitOnSignals, type SignalTarget } from '../src';

function fakeProcess(): SignalTarget & { emitter: EventEmitter; codes: number[] } {
  const emitter = new EventEmitter();
  const codes: number[] = [];
  return { emitter, codes, once: (event, listener) => emitter.once(event, listener), exit: (code) => void codes.push(code) };
}

describe('exitOnSignals', () => {
  it('closes and exits 0 on SIGTERM, once however often the signal comes', async () => {
    const proc = fakeProcess();
    const logged: string[] = [];
    let closes = 0;
    exitOnSignals(async () => void closes++, { info: (_o, m) => logged.push(m), error: (_o, m) => logged.push(m) }, proc);
    proc.emitter.emit('SIGTERM');
    proc.emitter.emit('SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect([closes, proc.codes, logged]).toEqual([1, [0], ['shutting down']]);
  });

  it('exits 1 and logs when closing fails (SIGINT)', async () => {
    const proc = fakeProcess();
    const logged: string[] = [];
    exitOnSignals(() => Promise.reject(new Error('stuck')), { info: (_o, m) => logged.push(m), error: (_o, m) => logged.push(m) }, proc);
    proc.emitter.emit('SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect([proc.codes, logged]).toEqual([[1], ['shutting down', 'shutdown failed']]);
  });
});
