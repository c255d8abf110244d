import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { bootstrap, type BootstrapOptions, type RunningGateway } from '../../src/bootstrap';
import { MemoryConfigStore } from '../../src/config-store/config-store';
import { ManualClock } from '../../src/engine/clock';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { api, type ApiAnswer } from '../admin/harness';

/**
 * A gateway with its admin plane on a manual clock (so tests tick statistics by hand), one proxy
 * pipeline `api` (server → input → limiter → output) and a backend that cuts every `failEvery`th
 * connection before answering — each cut is a 502 and a failed HTTPOutput run. The backend runs
 * in the same process and moves the clock `backendMs` forward per request, so HTTPOutput runs
 * take exactly that long on the gateway's clock.
 */
export interface StatsFixture {
  gw: RunningGateway;
  clock: ManualClock;
  backend: TestBackend;
  /** Base URL of the data plane. */
  dataUrl: string;
  /** Requests the backend cut. */
  cuts(): number;
  get(path: string, headers?: Record<string, string>): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export async function startStatsFixture(failEvery = 0, backendMs = 3, extra: BootstrapOptions = {}): Promise<StatsFixture> {
  let n = 0;
  let cut = 0;
  const clock = new ManualClock();
  const backend = await startBackend((_req: IncomingMessage, res: ServerResponse) => {
    n++;
    clock.advance(backendMs);
    if (failEvery > 0 && n % failEvery === 0) {
      cut++;
      res.socket?.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  const gw = await bootstrap({ adminPort: 0, logger: pino({ level: 'silent' }), store: new MemoryConfigStore(), clock, ...extra });
  const g = gw.gateway;
  await g.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'server', port: 0 } });
  await g.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'server', path: '/api/{rest...}', methods: ['GET'] } });
  await g.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: 'limit', tps: '-1' } });
  await g.createPlugin({
    type: 'HTTPOutput',
    config: { plugin_name: 'out', url_pattern: `${backend.url}{REQUEST_URI}`, method: 'GET', expected_response_codes: [] },
  });
  await g.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'api', plugin_names: ['server', 'in', 'limit', 'out'] } });
  return {
    gw,
    clock,
    backend,
    dataUrl: `http://127.0.0.1:${serverPort(g, 'api')}`,
    cuts: () => cut,
    get: (path, headers) => api(gw.adminUrl, 'GET', path, undefined, headers),
    close: async () => {
      await gw.close();
      await backend.close();
    },
  };
}
