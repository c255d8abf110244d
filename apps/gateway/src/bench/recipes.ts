/**
 * The §2.11 caching recipe as plugin specs: status and body caches in front of HTTPOutput →
 * IOReader. Shared by the end-to-end test, the cache bench and the README example.
 */
export function cachingRecipe(backendUrl: string, port = 0): { type: string; config: Record<string, unknown> & { plugin_name: string } }[] {
  return [
    { type: 'HTTPServer', config: { plugin_name: 'server', port } },
    { type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'server', path: '/items/{rest...}', methods: ['GET'], response_body_buffer_key: 'HTTP_RESP_BODY_BUF' } },
    { type: 'SimpleCommonCache', config: { plugin_name: 'cache-code', hit_keys: ['REQUEST_URI'], cache_key: 'HTTP_RESP_CODE', ttl_sec: 60, finish_if_hit: false } },
    { type: 'SimpleCommonCache', config: { plugin_name: 'cache-body', hit_keys: ['REQUEST_URI'], cache_key: 'HTTP_RESP_BODY_BUF', ttl_sec: 60, finish_if_hit: true } },
    { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backendUrl}{REQUEST_URI}`, method: 'GET' } },
    { type: 'IOReader', config: { plugin_name: 'read-body', input_key: 'HTTP_RESP_BODY_IO', output_key: 'HTTP_RESP_BODY_BUF' } },
  ];
}
