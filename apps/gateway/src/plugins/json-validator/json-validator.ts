import type { ValidateFunction } from 'ajv';
import type { Task } from '../../engine/task';
import { taskKey, type TaskKey } from '../../engine/task-key';
import { definePlugin, type PluginInstance } from '../../engine/types';
import { compileUserSchema } from './compile-schema';
import { jsonValidatorErrors } from './errors';
import { jsonValidatorSchema, type JsonValidatorConfig } from './schema';

const isText = (v: unknown): v is string | Buffer => typeof v === 'string' || Buffer.isBuffer(v);

/**
 * Validates the JSON under `data_key` against a JSON Schema compiled at config time (ajv,
 * patterns through RE2). Refuses with 400 naming the failing JSON path (`/items/0/id`), 400 on
 * text that is not JSON, 413 above `max_data_bytes` before parsing.
 */
export class JsonValidator implements PluginInstance {
  private readonly validate: ValidateFunction;
  private readonly data: TaskKey<string | Buffer>;

  constructor(private readonly c: Readonly<JsonValidatorConfig>) {
    this.validate = compileUserSchema(c);
    this.data = taskKey(c.data_key, 'a string or a Buffer of JSON text', isText);
  }

  run(task: Task): void {
    const data = task.get(this.data);
    if (data === undefined) return jsonValidatorErrors.fail(task, 'GW_BAD_REQUEST', `no data under ${this.c.data_key} to validate`);
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (bytes > this.c.max_data_bytes) return jsonValidatorErrors.fail(task, 'GW_BODY_TOO_LARGE', `the data is larger than ${this.c.max_data_bytes} bytes`);
    let value: unknown;
    try {
      value = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
    } catch (err) {
      return jsonValidatorErrors.fail(task, 'GW_INVALID_JSON', `the data is not valid JSON: ${(err as Error).message}`);
    }
    if (this.validate(value)) return;
    const e = this.validate.errors?.[0];
    const path = e === undefined ? '' : e.instancePath + (e.keyword === 'required' ? `/${String(e.params['missingProperty'])}` : '');
    jsonValidatorErrors.fail(task, 'GW_VALIDATION', `${path === '' ? '/' : path}: ${e?.keyword === 'required' ? 'is required' : (e?.message ?? 'is invalid')}`);
  }
}

export const jsonValidatorPlugin = definePlugin<JsonValidatorConfig>({
  kind: 'JSONValidator',
  description: 'Validates the JSON under data_key against a JSON Schema compiled at config time; 400 naming the failing JSON path.',
  schema: jsonValidatorSchema,
  errors: jsonValidatorErrors,
  validate: (c) => {
    compileUserSchema(c); // throws GW_VALIDATION naming config.schema
    return undefined;
  },
  create: (config) => new JsonValidator(config),
});
