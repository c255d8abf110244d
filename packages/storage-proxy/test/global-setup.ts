// Probes each service with a short TCP connect and records the result in the environment the test
// workers inherit. Under REQUIRE_SERVICES=1 a missing service fails the whole run here.
import { connect } from 'node:net';
import { SERVICES } from './service-urls';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort), timeout: 1000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export default async function globalSetup(): Promise<void> {
  const missing: string[] = [];
  for (const service of SERVICES) {
    const up = await reachable(service.url(), service.port);
    process.env[service.flag] = up ? '1' : '0';
    if (!up) missing.push(`${service.name} at ${service.url()}`);
  }
  if (missing.length > 0 && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`REQUIRE_SERVICES=1 but unreachable: ${missing.join(', ')}`);
  }
}
