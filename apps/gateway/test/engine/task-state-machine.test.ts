import { ResultCode, resultCodeToHttp, isSuccessfulResult, Task, TaskStatus } from '../../src/engine/task';

const S = TaskStatus;

describe('task status machine (reference §2.4)', () => {
  it.each([
    [S.Pending, S.Running],
    [S.Running, S.ResponseImmediately],
    [S.Running, S.Finishing],
    [S.Running, S.Finished],
    [S.ResponseImmediately, S.Running],
    [S.ResponseImmediately, S.Finished],
    [S.Finishing, S.Finished],
  ])('allows %s → %s', (from, to) => {
    const t = new Task(undefined, 0);
    t.status = from;
    t.setStatus(to);
    expect(t.status).toBe(to);
  });

  it.each([
    [S.Pending, S.Finishing],
    [S.Running, S.Pending],
    [S.Finishing, S.Running],
    [S.Finishing, S.ResponseImmediately],
    [S.ResponseImmediately, S.Finishing],
    [S.Finished, S.Running],
    [S.Finished, S.Pending],
  ])('refuses %s → %s', (from, to) => {
    const t = new Task(undefined, 0);
    t.status = from;
    expect(() => t.setStatus(to)).toThrow(/illegal task transition/);
    expect(t.status).toBe(from);
  });

  it('setError moves a running task to ResponseImmediately with code, message and error code', () => {
    const t = new Task(undefined, 0);
    t.setStatus(S.Running);
    t.setError('bad', ResultCode.BadInput, 'GW_BAD_REQUEST');
    expect(t).toMatchObject({ status: S.ResponseImmediately, resultCode: 400, error: 'bad', errorCode: 'GW_BAD_REQUEST' });
    t.clearError();
    expect(t).toMatchObject({ status: S.Running, resultCode: 200, error: undefined });
  });

  it('finishEarly moves Running to Finishing and nothing else', () => {
    const t = new Task(undefined, 0);
    t.finishEarly();
    expect(t.status).toBe(S.Pending);
    t.setStatus(S.Running);
    t.finishEarly();
    expect(t.status).toBe(S.Finishing);
  });

  it('runs finished callbacks once, in registration order, and stamps finishAt', () => {
    const t = new Task(undefined, 5);
    const order: number[] = [];
    t.addFinishedCallback(() => order.push(1));
    t.addFinishedCallback((task) => order.push(task.finishAt));
    t.addFinishedCallback(() => order.push(3));
    t.setStatus(S.Running);
    t.finish(42);
    t.finish(99);
    expect(order).toEqual([1, 42, 3]);
    expect(t.status).toBe(S.Finished);
  });

  it('recovery functions are keyed by plugin type; a recovered task runs again without its error', () => {
    const t = new Task(undefined, 0);
    t.setStatus(S.Running);
    const seen: string[] = [];
    t.addRecoveryFunc('Limiter', (_task, failed) => {
      seen.push(failed);
      return true;
    });
    t.addRecoveryFunc('Refuser', () => false);
    t.setError('limited', ResultCode.FlowControl);
    expect(t.tryRecover('Other', 'x')).toBe(false);
    expect(t.tryRecover('Refuser', 'r')).toBe(false);
    expect(t.status).toBe(S.ResponseImmediately);
    expect(t.tryRecover('Limiter', 'lim-1')).toBe(true);
    expect(seen).toEqual(['lim-1']);
    expect(t).toMatchObject({ status: S.Running, resultCode: 200, error: undefined });
  });

  it('cancel records the cause, aborts the signal, and a cancelled task cannot be recovered', () => {
    const t = new Task(undefined, 0);
    t.setStatus(S.Running);
    const signal = t.signal;
    t.addRecoveryFunc('Any', () => true);
    t.cancel(ResultCode.RequesterGone, 'client left', 'GW_CLIENT_CLOSED_REQUEST');
    expect(signal.aborted).toBe(true);
    expect(t).toMatchObject({ cancelled: true, cancelledWith: 499, resultCode: 499, errorCode: 'GW_CLIENT_CLOSED_REQUEST', status: S.ResponseImmediately });
    t.cancel(ResultCode.ServiceUnavailable, 'again');
    expect(t.cancelledWith).toBe(499);
    expect(t.tryRecover('Any', 'p')).toBe(false);
  });

  it('cancel keeps an error already set and does nothing once finished', () => {
    const t = new Task(undefined, 0);
    t.setStatus(S.Running);
    t.setError('first', ResultCode.FlowControl);
    t.cancel(ResultCode.RequesterGone, 'gone');
    expect(t).toMatchObject({ resultCode: 429, error: 'first', cancelledWith: 499 });
    const done = new Task(undefined, 0);
    done.finish(1);
    done.cancel(ResultCode.RequesterGone, 'late');
    expect(done.cancelled).toBe(false);
  });

  it('maps result codes to HTTP (498 → 503) and tells success from failure', () => {
    expect(resultCodeToHttp(ResultCode.MissingInput)).toBe(503);
    for (const c of [200, 400, 429, 499, 500, 501, 502, 503, 504]) expect(resultCodeToHttp(c)).toBe(c);
    expect(isSuccessfulResult(200)).toBe(true);
    expect(isSuccessfulResult(399)).toBe(true);
    expect(isSuccessfulResult(400)).toBe(false);
  });

  it('values: stored ones win over lazy ones; lazy ones are not enumerated', () => {
    const t = new Task(undefined, 0);
    t.setLazyValues((k) => (k === 'LAZY' ? 'computed' : undefined));
    t.setValue('A', 1);
    expect(t.value('LAZY')).toBe('computed');
    t.setValue('LAZY', 'stored');
    expect(t.value('LAZY')).toBe('stored');
    expect(t.keys().sort()).toEqual(['A', 'LAZY']);
    t.deleteValue('LAZY');
    expect(t.value('LAZY')).toBe('computed');
  });
});
