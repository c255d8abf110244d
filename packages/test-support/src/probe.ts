// Is a service there? A short TCP connect to the host and port of its URL: cheap enough to run
// once per Jest run, and what every client needs first. A service that accepts connections but
// then misbehaves fails its tests, which is what they are for.
import { connect } from 'node:net';
import { SERVICES, serviceUrl, type ServiceName } from './services';

/** Resolves true when `host:port` accepts a TCP connection within `timeoutMs`. */
export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Host and port of a service URL (`redis://h:p`, `postgres://u@h:p/db`, ...). */
export function hostAndPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return { host, port: parsed.port === '' ? defaultPort : Number(parsed.port) };
}

/** Probes every service at once; resolves with the names that answered. */
export async function probeServices(env: NodeJS.ProcessEnv = process.env): Promise<ServiceName[]> {
  const results = await Promise.all(
    SERVICES.map(async (spec) => {
      let target: { host: string; port: number };
      try {
        target = hostAndPort(serviceUrl(spec.name, env), spec.defaultPort);
      } catch {
        return undefined; // an unparsable URL is a missing service, reported as such by the tests
      }
      return (await tcpReachable(target.host, target.port)) ? spec.name : undefined;
    }),
  );
  return results.filter((name): name is ServiceName => name !== undefined);
}
