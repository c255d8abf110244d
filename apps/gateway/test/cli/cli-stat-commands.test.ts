import { startStatsFixture, type StatsFixture } from '../statistics/stats-harness';
import { runCli } from './run-cli';

describe('gatehouse stat …', () => {
  let f: StatsFixture;
  let server: string[];
  beforeAll(async () => {
    f = await startStatsFixture(5, 2);
    for (let i = 0; i < 10; i++) await (await fetch(`${f.dataUrl}/api/x`)).arrayBuffer();
    f.clock.advance(5000);
    server = ['--server', f.gw.adminUrl];
  });
  afterAll(() => f.close());

  const json = async (args: string[]): Promise<unknown> => {
    const r = await runCli([...server, 'stat', ...args]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    return JSON.parse(r.stdout);
  };

  it('lists, reads and describes pipeline, plugin and task indicators', async () => {
    expect(((await json(['pipeline', 'ls', 'api'])) as { names: string[] }).names).toContain('EXECUTION_TIME_99_PERCENT_ALL');
    expect(await json(['pipeline', 'value', 'api', 'EXECUTION_COUNT_ALL'])).toEqual({ value: 10 });
    expect(await json(['plugin', 'value', 'api', 'out', 'EXECUTION_COUNT_FAILURE', 'EXECUTION_TIME_MAX_SUCCESS'])).toEqual({
      values: { EXECUTION_COUNT_FAILURE: 2, EXECUTION_TIME_MAX_SUCCESS: 2e6 },
    });
    expect(((await json(['plugin', 'ls', 'api', 'in'])) as { names: string[] }).names).toContain('WAIT_QUEUE_LENGTH');
    expect(await json(['plugin', 'desc', 'api', 'in', 'WIP_REQUEST_COUNT'])).toEqual({ desc: 'requests the pipeline is working on' });
    expect(await json(['task', 'value', 'api', 'EXECUTION_COUNT_FAILURE'])).toEqual({ value: 2 });
  });

  it('reports a refusal (unknown indicator) with the server code and exit code 1', async () => {
    const r = await runCli([...server, 'stat', 'pipeline', 'value', 'api', 'NOPE']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GW_NOT_FOUND: indicator NOPE not found in pipeline api \(field indicator\)/);
  });

  it('refuses a missing indicator name with exit code 2 before calling the server', async () => {
    const r = await runCli(['--server', 'http://127.0.0.1:1', 'stat', 'plugin', 'value', 'api', 'out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: gatehouse stat plugin … <pipeline> <plugin> <indicator\.\.\.>/);
  });

  it('top prints a table of every pipeline, refreshed --iterations times', async () => {
    const r = await runCli([...server, 'stat', 'top', '--iterations', '2', '--interval', '0.1']);
    expect(r.code).toBe(0);
    const tables = r.stdout.split('gatehouse top — ').slice(1);
    expect(tables).toHaveLength(2);
    const lines = tables[0]!.split('\n');
    expect(lines[2]).toMatch(/^PIPELINE\s+REQ\/S 1m\s+REQ\/S 5m\s+ERR% 1m\s+P50 ms\s+P99 ms\s+IN-FLIGHT\s+QUEUED\s+TOTAL\s+FAILED$/);
    // 10 requests in the 5-s tick: 2 req/s, 2 of 10 failed (20 %), every request took 2 ms.
    expect(lines[3]!.split(/\s+/)).toEqual(['api', '2.0', '2.0', '20.0', '2.00', '2.00', '0', '0', '10', '2']);
  });

  it('top refuses a bad interval or sort', async () => {
    expect((await runCli([...server, 'stat', 'top', '--interval', '0'])).code).toBe(2);
    expect((await runCli([...server, 'stat', 'top', '--sort', 'color'])).code).toBe(2);
  });
});
