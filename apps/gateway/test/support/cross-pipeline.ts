import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from './gateway';
import { createPipeline, inputSpec, serverSpec } from './harness';

/** Keys an HTTP request and its answer travel under across the hop. */
export const REQUEST_KEYS = ['HTTP_REQUEST_HEADER', 'HTTP_REQUEST_BODY_IO', 'REQUEST_URI', 'REQUEST_METHOD'];
export const RESPONSE_KEYS = ['HTTP_RESP_CODE', 'HTTP_RESP_HEADER', 'HTTP_RESP_BODY_IO'];

/** One backend pipeline: DownstreamInput → HTTPOutput to `backendUrl`. */
export async function backendPipeline(gw: Gateway, name: string, backendUrl: string, config: Record<string, unknown> = {}, output: Record<string, unknown> = {}): Promise<void> {
  await createPipeline(
    gw,
    name,
    [
      { type: 'DownstreamInput', config: { plugin_name: `${name}-in`, response_data_keys: RESPONSE_KEYS } },
      {
        type: 'HTTPOutput',
        config: { plugin_name: `${name}-out`, url_pattern: `${backendUrl}{REQUEST_URI}`, method: '{REQUEST_METHOD}', expected_response_codes: [], ...output },
      },
    ],
    config,
  );
}

/**
 * The slide-14 topology in small: an API pipeline (server, input on `/api/{rest...}`, the
 * UpstreamOutput `api-up`) over one backend pipeline `srv<i>` per backend URL. Returns the base URL.
 */
export async function balancedApi(
  gw: Gateway,
  backends: readonly string[],
  upstream: Record<string, unknown> = {},
  backendConfig: Record<string, unknown> = {},
  server: Record<string, unknown> = {},
): Promise<string> {
  for (let i = 0; i < backends.length; i++) await backendPipeline(gw, `srv${i}`, backends[i]!, backendConfig);
  await createPipeline(gw, 'api', [
    serverSpec('api-srv', server),
    inputSpec('api-in', 'api-srv', { path: '/api/{rest...}' }),
    {
      type: 'UpstreamOutput',
      config: { plugin_name: 'api-up', target_pipelines: backends.map((_, i) => `srv${i}`), request_data_keys: REQUEST_KEYS, ...upstream },
    },
  ]);
  return `http://127.0.0.1:${serverPort(gw, 'api')}`;
}
