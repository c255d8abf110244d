import { availableParallelism } from 'node:os';
import { MAX_WORKERS, workersFromEnv } from '../../src/workers/workers-options';

describe('GATEWAY_WORKERS', () => {
  it('is 1 (one process) unless set; takes 1-64 or auto', () => {
    expect(workersFromEnv({})).toBe(1);
    expect(workersFromEnv({ GATEWAY_WORKERS: '4' })).toBe(4);
    expect(workersFromEnv({ GATEWAY_WORKERS: String(MAX_WORKERS) })).toBe(MAX_WORKERS);
    expect(workersFromEnv({ GATEWAY_WORKERS: 'auto' })).toBe(Math.min(MAX_WORKERS, availableParallelism()));
  });

  it.each(['0', '65', '2.5', 'many', '-1'])('refuses %j naming the variable', (raw) => {
    expect(() => workersFromEnv({ GATEWAY_WORKERS: raw })).toThrow(expect.objectContaining({ code: 'GW_BAD_REQUEST', field: 'GATEWAY_WORKERS' }));
  });
});
