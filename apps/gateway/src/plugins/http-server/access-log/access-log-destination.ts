import pino from 'pino';
import type { AccessLogDestination } from './access-log-sink';

/** Bytes SonicBoom may hold unwritten before it drops lines rather than grow. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Opens where access lines are written: standard output by default, or a file the operator
 * names with `GATEWAY_ACCESS_LOG_FILE` (appended to, directories made). The path is the
 * operator's choice at start, never an admin API field, so the API cannot be used to write
 * files. Writes are asynchronous (SonicBoom); `dropped` counts lines lost to a full buffer.
 */
export function openAccessLogDestination(file: string | undefined): AccessLogDestination & { dropped: number } {
  const boom = pino.destination({ dest: file === undefined || file === '' || file === '-' ? 1 : file, sync: false, mkdir: true, maxLength: MAX_BUFFERED_BYTES });
  const out = {
    dropped: 0,
    write: (chunk: string): unknown => boom.write(chunk),
    end: (): void => {
      try {
        boom.flushSync();
      } catch {
        // Not ready yet (a file still opening) or already closed: end() below still flushes.
      }
      boom.end();
    },
  };
  boom.on('drop', () => {
    out.dropped++;
  });
  return out;
}
