import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryConfigStore } from '../config-store/config-store';
import { Gateway } from '../engine/gateway';
import { builtinPlugins } from '../plugins';
import { HttpServer } from '../plugins/http-server/http-server';
import { cachingRecipe } from './recipes';

/**
 * A forked process of the cache bench: `backend <page|constant>` — a service that renders a
 * 100-item JSON page per request (or answers a constant 40 bytes) — or `gateway <backendUrl>` —
 * the caching recipe in front of it. Reports its port over IPC; exits when the parent leaves.
 */
async function main(): Promise<void> {
  const [kind, arg] = process.argv.slice(2);
  let port: number;
  if (kind === 'backend') {
    const constant = Buffer.from('{"ok":true,"service":"bench-backend"}');
    const server = createServer((req, res) => {
      req.resume();
      const body = arg === 'constant' ? constant : Buffer.from(JSON.stringify(renderPage(req.url ?? '/')));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  } else if (kind === 'gateway' && arg) {
    const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins });
    await gw.start();
    const specs = cachingRecipe(arg);
    for (const s of specs) await gw.createPlugin(s);
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'cached', plugin_names: specs.map((s) => s.config.plugin_name), parallelism: 0 } });
    const server = gw.pipeline('cached')!.currentHandles().find((h) => h.instance instanceof HttpServer)?.instance;
    if (!(server instanceof HttpServer)) throw new Error('no HTTPServer');
    port = server.port;
  } else {
    throw new Error('usage: cache-nodes backend <page|constant> | gateway <backendUrl>');
  }
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port });
}

/** What a small catalogue service does per request: build the page's objects and serialise them. */
function renderPage(url: string): unknown {
  const items = [];
  for (let i = 0; i < 100; i++) items.push({ id: i, name: `item ${i}`, price: (i * 37) % 1000, tags: ['a', 'b', String(i % 7)], url });
  return { url, count: items.length, items };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
