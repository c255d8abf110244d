import type { PluginDescriptor } from '../../src/engine/types';
import { bootstrap } from '../../src/bootstrap';
import { builtinPlugins } from '../../src/plugins';
import { api, diskState, memoryLogger, removeDir, tempDataDir } from './harness';

/** A plugin kind whose constructor has a bug, to provoke an error nobody catalogued. */
const brokenKind: PluginDescriptor = {
  kind: 'BrokenForTest',
  description: 'throws a TypeError when built',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['plugin_name'],
    properties: { plugin_name: { type: 'string' } },
  },
  create: () => {
    throw new TypeError('cannot read properties of undefined (secret internals)');
  },
};

describe('admin API: an unexpected failure', () => {
  it('is answered 500 GW_INTERNAL without internals, logged with its cause, and leaves the config unchanged', async () => {
    const dir = await tempDataDir();
    const { logger, lines } = memoryLogger();
    const gw = await bootstrap({
      dataDir: dir,
      adminPort: 0,
      logger,
      plugins: [...builtinPlugins, brokenKind],
    });
    try {
      expect(
        (
          await api(gw.adminUrl, 'POST', '/admin/v1/plugins', {
            type: 'BrokenForTest',
            config: { plugin_name: 'b' },
          })
        ).status,
      ).toBe(201);
      const before = await diskState(dir);
      const res = await api(gw.adminUrl, 'POST', '/admin/v1/pipelines', {
        type: 'LinearPipeline',
        config: { pipeline_name: 'bp', plugin_names: ['b'] },
      });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        code: 'GW_INTERNAL',
        message: 'internal error; see the gateway log',
      });
      expect(gw.gateway.listPipelines()).toEqual([]);
      expect(await diskState(dir)).toEqual(before);
      const logged = lines().find((l) => l['msg'] === 'admin request failed');
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged!['err'])).toContain('secret internals');
    } finally {
      await gw.close();
      await removeDir(dir);
    }
  });
});
