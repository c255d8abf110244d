// A stand-in application with a health endpoint whose answer the test switches.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeApp {
  healthUrl: string;
  healthy: boolean;
  probes: number;
  close(): Promise<void>;
}

/** Starts an HTTP server answering GET /health with 200 or 503. */
export async function startApp(): Promise<FakeApp> {
  const holder: { server?: Server } = {};
  const app: FakeApp = {
    healthUrl: '',
    healthy: true,
    probes: 0,
    close: () => new Promise<void>((resolve) => {
      holder.server!.closeAllConnections();
      holder.server!.close(() => resolve());
    }),
  };
  const server = createServer((_req, res) => {
    app.probes += 1;
    res.writeHead(app.healthy ? 200 : 503).end(app.healthy ? 'ok' : 'sick');
  });
  holder.server = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  app.healthUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  return app;
}
