// The load generator of login-flood.ts, in a worker thread so its event loop is not the
// service's: one round (160 attempts from 40 addresses, then the two real logins 0.5 s later).
import { parentPort, workerData } from 'node:worker_threads';
import { request } from 'undici';

/** One answered request. */
export interface Shot {
  status: number;
  ms: number;
}

/** What a round reports back. */
export interface RoundResult {
  flood: Shot[];
  owner: Shot;
  newcomer: Shot;
}

/** One login with a forwarded client address, timed. */
export async function login(url: string, username: string, password: string, address: string): Promise<Shot> {
  const started = performance.now();
  const res = await request(`${url}/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  await res.body.dump();
  return { status: res.statusCode, ms: performance.now() - started };
}

async function round(url: string, newcomerAddress: string): Promise<RoundResult> {
  const shots = Array.from({ length: 160 }, (_, i) => login(url, `user${i % 40}`, 'guess-000000', `203.0.113.${i % 40}`));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const [owner, newcomer] = await Promise.all([login(url, 'owner', 'owner-password-1', '198.51.100.7'), login(url, 'newcomer', 'newcomer-password-1', newcomerAddress)]);
  return { flood: await Promise.all(shots), owner, newcomer };
}

if (parentPort !== null) {
  const { url, newcomerAddress } = workerData as { url: string; newcomerAddress: string };
  const port = parentPort;
  void round(url, newcomerAddress).then((result) => port.postMessage(result));
}
