// Small builders and waiters shared by the tests.
import { uniqueNodeId } from '../src/service';
import type { Service, WatchEvent, Watcher } from '../src/types';

/** A one-node service with a unique node id. */
export function svc(name: string, version: string, port: number, extra: Partial<Service> = {}, address = '10.1.0.1'): Service {
  return {
    name,
    version,
    metadata: { team: 'core' },
    endpoints: [{ name: `${name}.Get`, metadata: { stream: 'false' } }],
    nodes: [{ id: uniqueNodeId(name, address, port), address, port, metadata: { zone: 'a' } }],
    ...extra,
  };
}

/** Reads events until one matches, failing after `timeoutMs` of real time. */
export async function nextMatching(w: Watcher, pred: (e: WatchEvent) => boolean, timeoutMs = 5000): Promise<WatchEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('timed out waiting for a matching watch event');
    let timer: NodeJS.Timeout | undefined;
    const e = await Promise.race([
      w.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out waiting for a matching watch event')), left);
      }),
    ]).finally(() => clearTimeout(timer));
    if (pred(e)) return e;
  }
}

/** Polls `fn` until it returns true (real time), for effects that arrive over HTTP. */
export async function eventually(fn: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { freePort } from '@gatehouse/test-support';
