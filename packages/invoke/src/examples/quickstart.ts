/**
 * Runnable README example: `node dist/examples/quickstart.js`. Two instances of a user service
 * on loopback, a registry-shaped lookup, and ddns() calls balanced across them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { background, contextFromRequest, Invoker, isInvokeError, registryResolver, remainingMs, type Service, withTimeout } from '../index';

interface User {
  id: number;
  name: string;
  servedBy: string;
  budgetLeftMs: number | undefined;
}

function userService(instance: string): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const { id } = JSON.parse(body) as { id: number };
      const found = id === 42;
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          found
            ? { id, name: 'Ada', servedBy: instance, budgetLeftMs: remainingMs(contextFromRequest(req)) }
            : { code: 'USER_NOT_FOUND', message: `no user ${id}` },
        ),
      );
    });
  });
}

const listen = (s: Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

/** Runs the example and returns what it observed (the test checks it). */
export async function quickstart(): Promise<{ servedBy: string[]; budgetSeen: boolean; notFound: string | undefined }> {
  const servers = [userService('a'), userService('b')];
  const ports = await Promise.all(servers.map(listen));
  // Anything with getService(name) works: @gatehouse/registry's MemoryRegistry or ConsulRegistry.
  const registry = {
    getService: async (name: string): Promise<Service[]> => [
      {
        name,
        version: '1.0.0',
        metadata: {},
        endpoints: [{ name: 'users.get' }],
        nodes: ports.map((port, i) => ({ id: `${name}-127.0.0.1-${port}`, address: '127.0.0.1', port, metadata: { zone: `z${i}` } })),
      },
    ],
  };
  const invoker = new Invoker({ resolver: registryResolver(registry, { cacheTtlMs: 5000 }) });
  const servedBy: string[] = [];
  let budgetSeen = true;
  for (let i = 0; i < 4; i++) {
    const user = await invoker.ddns<User>(withTimeout(background, 2000), 'user-service', '/users.get', { id: 42 }, { balance: 'round-robin' });
    servedBy.push(user.servedBy);
    budgetSeen &&= user.budgetLeftMs !== undefined && user.budgetLeftMs <= 2000;
  }
  let notFound: string | undefined;
  try {
    await invoker.ddns<User>(background, 'user-service', 'users.get', { id: 7 });
  } catch (err) {
    notFound = isInvokeError(err) ? `${err.code}: ${err.message}` : String(err);
  }
  await invoker.close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return { servedBy, budgetSeen, notFound };
}

if (require.main === module) {
  void quickstart().then((r) => console.log(JSON.stringify(r, null, 2)));
}
