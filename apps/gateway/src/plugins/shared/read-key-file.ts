import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { GatewayError } from '../../errors';

/** Largest key or certificate file read. @default 256 KiB */
export const KEY_FILE_MAX_BYTES = 256 * 1024;
/** Longest a key or certificate file read may take. @default 2000 ms */
export const KEY_FILE_TIMEOUT_MS = 2000;

/**
 * Reads a key or certificate file without ever blocking the process: opened non-blocking, it must
 * be a regular file (a FIFO, device or directory is refused at once, not waited on) of at most
 * `maxBytes`, read asynchronously within `timeoutMs`. Failures are GW_VALIDATION naming `field`.
 */
export async function readKeyFile(
  path: string,
  field: string,
  limits: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<Buffer> {
  const maxBytes = limits.maxBytes ?? KEY_FILE_MAX_BYTES;
  const timeoutMs = limits.timeoutMs ?? KEY_FILE_TIMEOUT_MS;
  const refuse = (why: string, cause?: unknown): GatewayError =>
    new GatewayError('GW_VALIDATION', `${field} ${why}`, { field, ...(cause === undefined ? {} : { cause }) });
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw refuse(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, err);
  }
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw refuse('is not a regular file');
    if (st.size > maxBytes) throw refuse(`is larger than ${maxBytes} bytes`);
    const data = await handle.readFile({ signal: ac.signal });
    if (data.length > maxBytes) throw refuse(`is larger than ${maxBytes} bytes`);
    return data;
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    if (ac.signal.aborted) throw refuse(`could not be read within ${timeoutMs} ms`, err);
    throw refuse(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, err);
  } finally {
    clearTimeout(timer);
    await handle.close().catch(() => undefined);
  }
}
