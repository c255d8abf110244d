// Helpers of the end-to-end tests that run a gateway with GATEWAY_WORKERS and read what the
// primary answers.
import { request } from 'node:http';

/** One request on a connection of its own, so the primary deals requests round-robin to the workers; resolves with the status. */
export function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads until `done` holds for what `read` gives, and returns that; fails after `ms` naming `what` and the last value. */
export async function readUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The sum of the samples of `/metrics` named `name` carrying every label of `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m?.[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => m[2]!.split(',').includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}
