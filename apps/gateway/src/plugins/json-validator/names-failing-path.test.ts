import { pluginUnderTest } from '../../../test/support/plugin-under-test';
import { jsonValidatorPlugin } from './json-validator';

const schema = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, sku: { type: 'string', pattern: '^(a+)+$' } } } } },
};

describe('JSONValidator', () => {
  const check = async (data: unknown, more: Record<string, unknown> = {}) => {
    const { run } = pluginUnderTest(jsonValidatorPlugin.typed, { schema, data_key: 'BODY', ...more });
    const { task, done } = run(data === undefined ? {} : { BODY: data });
    await done;
    return task;
  };

  it('passes valid JSON, from a buffer or a string', async () => {
    expect((await check(Buffer.from('{"items":[{"id":1}]}'))).error).toBeUndefined();
    expect((await check('{"items":[]}')).error).toBeUndefined();
  });

  it('fails 400 GW_VALIDATION naming the failing JSON path', async () => {
    expect(await check('{"items":[{"id":1},{"id":"two"}]}')).toMatchObject({ resultCode: 400, errorCode: 'GW_VALIDATION', error: expect.stringMatching(/^\/items\/1\/id: must be integer/) as unknown });
    expect(await check('{"items":[{}]}')).toMatchObject({ resultCode: 400, error: '/items/0/id: is required' });
    expect(await check('{}')).toMatchObject({ error: '/items: is required' });
  });

  it('matches schema patterns in linear time (RE2), so a request cannot backtrack', async () => {
    const started = Date.now();
    const task = await check(JSON.stringify({ items: [{ id: 1, sku: `${'a'.repeat(50_000)}!` }] }));
    expect(task.error).toMatch(/^\/items\/0\/sku: must match pattern/);
    expect(Date.now() - started).toBeLessThan(10_000); // generous for a loaded machine
  });

  it('fails 400 GW_INVALID_JSON on text that is not JSON, 413 above max_data_bytes, 400 without data', async () => {
    expect(await check('{"items":')).toMatchObject({ resultCode: 400, errorCode: 'GW_INVALID_JSON' });
    expect(await check(`{"items":[],"pad":"${'x'.repeat(200)}"}`, { max_data_bytes: 100 })).toMatchObject({ resultCode: 413, errorCode: 'GW_BODY_TOO_LARGE' });
    expect(await check(undefined)).toMatchObject({ resultCode: 400, errorCode: 'GW_BAD_REQUEST' });
  });

  it('refuses data of another type with a typed-key error naming the key (the pipeline makes it a 500)', async () => {
    await expect(check(42)).rejects.toThrow('task value "BODY" must be a string or a Buffer of JSON text, but is a number');
  });

  it('takes the schema as base64 text (Ease Gateway form)', async () => {
    const b64 = Buffer.from(JSON.stringify(schema)).toString('base64');
    expect(await check('{"items":[{"id":"x"}]}', { schema: b64, base64_encoded: true })).toMatchObject({ errorCode: 'GW_VALIDATION' });
  });
});
