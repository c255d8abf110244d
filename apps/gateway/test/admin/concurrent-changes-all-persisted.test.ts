import type { RunningGateway } from '../../src/bootstrap';
import { api, diskState, removeDir, startGateway, tempDataDir } from './harness';

describe('concurrent admin changes', () => {
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('are applied one at a time: every accepted create is in RAM and on disk, duplicates are refused once', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `c-${i}`);
    const requests = [...names, 'c-0', 'c-1'].map((name) =>
      api(gw.adminUrl, 'POST', '/admin/v1/plugins', {
        type: 'ThroughputRateLimiter',
        config: { plugin_name: name, tps: '1' },
      }),
    );
    const answers = await Promise.all(requests);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    const conflicts = answers.filter((a) => a.status === 409);
    expect(conflicts).toHaveLength(2);
    for (const c of conflicts) expect(c.body.code).toBe('GW_ALREADY_EXISTS');

    const inRam = gw.gateway.listPlugins().map((p) => p.config.plugin_name);
    expect([...inRam].sort()).toEqual([...names].sort());
    const onDisk = (
      JSON.parse((await diskState(dir)).plugins!) as {
        plugins: { config: { plugin_name: string } }[];
      }
    ).plugins.map((p) => p.config.plugin_name);
    expect(onDisk).toEqual(inRam);
  });
});
