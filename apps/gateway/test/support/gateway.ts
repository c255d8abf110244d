import { MemoryConfigStore } from '../../src/config-store/config-store';
import type { Clock } from '../../src/engine/clock';
import { Gateway } from '../../src/engine/gateway';
import { builtinPlugins } from '../../src/plugins';
import type { HttpServer } from '../../src/plugins/http-server/http-server';

/** A started gateway on an in-memory store with the built-in plugins. */
export async function startGateway(opts: { clock?: Clock } = {}): Promise<Gateway> {
  const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins, ...opts });
  await gw.start();
  return gw;
}

/** Creates server + input + (extra plugins) + output for `backendUrl` and returns the base URL. */
export async function proxyPipeline(
  gw: Gateway,
  o: {
    name?: string;
    path?: string;
    backendUrl: string;
    urlSuffix?: string;
    extra?: { type: string; config: Record<string, unknown> }[];
    server?: Record<string, unknown>;
    input?: Record<string, unknown>;
    output?: Record<string, unknown>;
    parallelism?: number;
  },
): Promise<string> {
  const name = o.name ?? 'p1';
  const server = `${name}-server`;
  await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: server, port: 0, ...o.server } });
  await gw.createPlugin({
    type: 'HTTPInput',
    config: { plugin_name: `${name}-in`, server_name: server, path: o.path ?? '/api/{rest...}', ...o.input },
  });
  for (const e of o.extra ?? []) await gw.createPlugin(e);
  await gw.createPlugin({
    type: 'HTTPOutput',
    config: {
      plugin_name: `${name}-out`,
      url_pattern: `${o.backendUrl}${o.urlSuffix ?? '{REQUEST_URI}'}`,
      method: '{REQUEST_METHOD}',
      expected_response_codes: [],
      ...o.output,
    },
  });
  await gw.createPipeline({
    type: 'LinearPipeline',
    config: {
      pipeline_name: name,
      plugin_names: [server, `${name}-in`, ...(o.extra ?? []).map((e) => e.config['plugin_name'] as string), `${name}-out`],
      parallelism: o.parallelism ?? 0,
    },
  });
  return `http://127.0.0.1:${serverPort(gw, name)}`;
}

/** The port the pipeline's HTTPServer bound. */
export function serverPort(gw: Gateway, pipeline: string): number {
  const handles = gw.pipeline(pipeline)!.currentHandles();
  const server = handles.find((h) => h.pluginType === 'HTTPServer')!.instance as HttpServer;
  return server.port;
}
