import { GatewayError } from '../errors';
import { defineErrors, errorCatalogue } from './plugin-errors';
import { Task, TaskStatus } from './task';

describe('plugin error declarations', () => {
  const errors = defineErrors({ GW_SERVICE_FUSING: { status: 429, message: 'service fusing' } });

  it('create a GatewayError with the declared status and default message', () => {
    const err = errors.create('GW_SERVICE_FUSING', undefined, { field: 'config.x' });
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.toJSON()).toEqual({ code: 'GW_SERVICE_FUSING', message: 'service fusing', field: 'config.x' });
    expect(err.status).toBe(429);
  });

  it('fail a task with the declared status as its result code', () => {
    const task = new Task(undefined, 0);
    task.setStatus(TaskStatus.Running);
    errors.fail(task, 'GW_SERVICE_FUSING');
    expect([task.resultCode, task.errorCode, task.error, task.status]).toEqual([429, 'GW_SERVICE_FUSING', 'service fusing', TaskStatus.ResponseImmediately]);
  });

  it('refuse malformed codes and statuses', () => {
    expect(() => defineErrors({ BAD: { status: 400, message: 'x' } })).toThrow('must match');
    expect(() => defineErrors({ GW_OK: { status: 200, message: 'x' } })).toThrow('not 4xx/5xx');
  });

  it('merge into the catalogue; a code may be shared when the statuses agree, a clash throws', () => {
    const shared = defineErrors({ GW_SERVICE_FUSING: { status: 429, message: 'also fusing' } });
    const clash = defineErrors({ GW_SERVICE_FUSING: { status: 503, message: 'fusing' } });
    const core = defineErrors({ GW_VALIDATION: { status: 422, message: 'x' } });
    const cat = errorCatalogue([{ kind: 'A', errors }, { kind: 'B', errors: shared }]);
    expect(cat.get('GW_SERVICE_FUSING')).toEqual({ status: 429, declaredBy: ['A', 'B'] });
    expect(cat.get('GW_VALIDATION')?.declaredBy).toEqual(['core']);
    expect(() => errorCatalogue([{ kind: 'A', errors }, { kind: 'C', errors: clash }])).toThrow('C declares GW_SERVICE_FUSING with status 503, but A gave 429');
    expect(() => errorCatalogue([{ kind: 'D', errors: core }])).toThrow('D declares GW_VALIDATION');
  });
});
