import { describeError, GatehouseError, isGatehouseError } from '../src';

class WidgetError extends GatehouseError<'WID_BROKEN' | 'WID_BAD_SIZE'> {}

describe('GatehouseError', () => {
  it('carries code, message, cause and field, named after the subclass', () => {
    const cause = new Error('disk full');
    const err = new WidgetError('WID_BAD_SIZE', 'size must be positive', { cause, field: 'size' });
    expect(err).toBeInstanceOf(Error);
    expect([err.name, err.code, err.message, err.cause, err.field]).toEqual(['WidgetError', 'WID_BAD_SIZE', 'size must be positive', cause, 'size']);
  });

  it('toJSON is {code, message, field?} and never carries the cause', () => {
    const withField = new WidgetError('WID_BAD_SIZE', 'bad', { field: 'size', cause: new Error('secret') });
    expect(JSON.parse(JSON.stringify(withField))).toEqual({ code: 'WID_BAD_SIZE', message: 'bad', field: 'size' });
    expect(new WidgetError('WID_BROKEN', 'broken').toJSON()).toEqual({ code: 'WID_BROKEN', message: 'broken' });
  });

  it('isGatehouseError tells our errors from anything else', () => {
    expect(isGatehouseError(new WidgetError('WID_BROKEN', 'x'))).toBe(true);
    expect(isGatehouseError(Object.assign(new Error('x'), { code: 'WID_BROKEN' }))).toBe(false);
    expect(isGatehouseError('WID_BROKEN')).toBe(false);
  });

  it('describeError gives one line for any thrown value', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new AggregateError([new Error('ECONNREFUSED ::1')]))).toBe('ECONNREFUSED ::1');
    expect(describeError(42)).toBe('42');
  });
});
