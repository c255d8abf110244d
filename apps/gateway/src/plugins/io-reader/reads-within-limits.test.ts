import { PassThrough, Readable } from 'node:stream';
import { pluginUnderTest } from '../../../test/support/plugin-under-test';
import { ioReaderPlugin, isBase64 } from './io-reader';

const reader = (more: Record<string, unknown> = {}) => pluginUnderTest(ioReaderPlugin.typed, { input_key: 'IN', output_key: 'OUT', ...more });

describe('IOReader', () => {
  it('reads a stream into a buffer and closes it', async () => {
    const { run } = reader();
    const stream = Readable.from([Buffer.from('hel'), Buffer.from('lo')]);
    const { task, done } = run({ IN: stream });
    await done;
    expect(String(task.value('OUT'))).toBe('hello');
    expect(task.value('IN')).toBeUndefined();
    expect(stream.destroyed).toBe(true);
  });

  it('fails 413 and destroys a stream longer than read_length_max, without holding more', async () => {
    const { run } = reader({ read_length_max: 10 });
    const stream = new PassThrough();
    const { task, done } = run({ IN: stream });
    stream.write(Buffer.alloc(8));
    stream.write(Buffer.alloc(8));
    await done;
    expect(task).toMatchObject({ resultCode: 413, errorCode: 'GW_BODY_TOO_LARGE' });
    expect(stream.destroyed).toBe(true);
    expect(task.value('OUT')).toBeUndefined();
  });

  it('fails 504 when the stream stalls past read_timeout_msec (manual clock)', async () => {
    const { run, clock } = reader({ read_timeout_msec: 1000 });
    const stream = new PassThrough();
    const { task, done } = run({ IN: stream });
    stream.write('partial');
    clock.advance(1001);
    await done;
    expect(task).toMatchObject({ resultCode: 504, errorCode: 'GW_GATEWAY_TIMEOUT' });
    expect(stream.destroyed).toBe(true);
  });

  it('fails 502 when the stream errors', async () => {
    const { run } = reader();
    const stream = new PassThrough();
    const { task, done } = run({ IN: stream });
    stream.destroy(new Error('socket hang up'));
    await done;
    expect(task).toMatchObject({ resultCode: 502, errorCode: 'GW_BAD_GATEWAY' });
  });

  it('encodes to and decodes from base64', async () => {
    const enc = reader({ base64_coding: 'encode' });
    const a = enc.run({ IN: Readable.from([Buffer.from([0, 255, 10])]) });
    await a.done;
    expect(a.task.value('OUT')).toBe('AP8K');
    const dec = reader({ base64_coding: 'decode' });
    const b = dec.run({ IN: 'AP8K\n' });
    await b.done;
    expect(b.task.value('OUT')).toEqual(Buffer.from([0, 255, 10]));
    const bad = dec.run({ IN: 'AP8K!' });
    await bad.done;
    expect(bad.task).toMatchObject({ resultCode: 400, errorCode: 'GW_BAD_REQUEST' });
  });

  it('checks base64 in linear time', () => {
    const started = Date.now();
    expect(isBase64(Buffer.concat([Buffer.alloc(1_000_000, 0x0a), Buffer.from('!')]))).toBe(false); // a backtracking check would take hours
    expect(isBase64(Buffer.from('QQ==\r\n'))).toBe(true);
    expect(isBase64(Buffer.from('Q=Q='))).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000); // generous for a loaded machine
  });

  it('fails 400 when there is nothing to read', async () => {
    const { run } = reader();
    const { task, done } = run();
    await done;
    expect(task).toMatchObject({ resultCode: 400, errorCode: 'GW_BAD_REQUEST' });
  });
});
