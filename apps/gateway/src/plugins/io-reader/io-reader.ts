import type { Task } from '../../engine/task';
import { taskKey, type TaskKey } from '../../engine/task-key';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { ioReaderErrors } from './errors';
import { readLimited, type PipeSource } from './read-limited';
import { ioReaderSchema, type IoReaderConfig } from './schema';

type Input = PipeSource | Buffer | string;
const isInput = (v: unknown): v is Input =>
  Buffer.isBuffer(v) ||
  typeof v === 'string' ||
  (typeof v === 'object' && v !== null && typeof (v as PipeSource).pipe === 'function' && typeof (v as PipeSource).destroy === 'function');

/** Base64 text (line breaks allowed, padding only at the end), checked in one pass: no regex to backtrack. */
export function isBase64(data: Buffer): boolean {
  let padding = 0;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i]!;
    if (ch === 0x0a || ch === 0x0d) continue;
    if (ch === 0x3d) {
      if (++padding > 2) return false;
      continue;
    }
    if (padding > 0) return false;
    const ok = (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x30 && ch <= 0x39) || ch === 0x2b || ch === 0x2f;
    if (!ok) return false;
  }
  return true;
}

/**
 * Reads a stream (a request or response body) into a buffer of at most `read_length_max` bytes,
 * optionally base64-encoding or -decoding it (reference §2.5). A buffer or string input is taken
 * as read. Longer → 413, failed → 502, slower than `read_timeout_msec` → 504; the stream is
 * destroyed in each case, and after a read with `close_after_read`.
 */
export class IoReader implements PluginInstance {
  private readonly input: TaskKey<Input>;

  constructor(
    private readonly c: Readonly<IoReaderConfig>,
    private readonly env: PluginEnv,
  ) {
    this.input = taskKey(c.input_key, 'a stream (pipe and destroy), a Buffer or a string', isInput);
  }

  run(task: Task): void | Promise<void> {
    const input = task.get(this.input);
    if (input === undefined) return ioReaderErrors.fail(task, 'GW_BAD_REQUEST', `nothing to read under ${this.c.input_key}`);
    if (typeof input === 'string' || Buffer.isBuffer(input)) {
      const data = typeof input === 'string' ? Buffer.from(input) : input;
      if (data.length > this.c.read_length_max) return ioReaderErrors.fail(task, 'GW_BODY_TOO_LARGE', `the input is longer than ${this.c.read_length_max} bytes`);
      return this.write(task, data);
    }
    return this.read(task, input);
  }

  private async read(task: Task, stream: PipeSource): Promise<void> {
    const c = this.c;
    const r = await readLimited(stream, c.read_length_max, c.read_timeout_msec, this.env.clock, task.signal);
    if (r.ok) {
      if (c.close_after_read) {
        stream.destroy();
        task.deleteValue(c.input_key);
      }
      return this.write(task, r.data);
    }
    task.deleteValue(c.input_key); // destroyed: nobody may read it again
    if (r.why === 'too-long') return ioReaderErrors.fail(task, 'GW_BODY_TOO_LARGE', `the stream under ${c.input_key} is longer than ${c.read_length_max} bytes`);
    if (r.why === 'timeout') return ioReaderErrors.fail(task, 'GW_GATEWAY_TIMEOUT', `the stream under ${c.input_key} did not end within ${c.read_timeout_msec} ms`);
    if (r.why === 'failed') return ioReaderErrors.fail(task, 'GW_BAD_GATEWAY', `the stream under ${c.input_key} failed: ${r.detail ?? 'unknown error'}`);
    // cancelled: the task already carries its cancellation error
  }

  private write(task: Task, data: Buffer): void {
    const c = this.c;
    if (c.base64_coding === 'encode') return task.setValue(c.output_key, data.toString('base64'));
    if (c.base64_coding === 'decode') {
      if (!isBase64(data)) return ioReaderErrors.fail(task, 'GW_BAD_REQUEST', `the data under ${c.input_key} is not base64`);
      return task.setValue(c.output_key, Buffer.from(data.toString('latin1'), 'base64'));
    }
    task.setValue(c.output_key, data);
  }
}

export const ioReaderPlugin = definePlugin<IoReaderConfig>({
  kind: 'IOReader',
  description: 'Reads a stream into a buffer up to read_length_max bytes, optionally base64-encoding or -decoding it.',
  schema: ioReaderSchema,
  errors: ioReaderErrors,
  create: (config, env) => new IoReader(config, env),
});
