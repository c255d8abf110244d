import type { Task } from '../../engine/task';
import { definePlugin, type PipelineCheckContext, type PluginInstance } from '../../engine/types';
import { isFieldValue, isToken } from '../shared/http-grammar';
import { RESULT_CODE_BY_NAME, simpleCommonMockSchema, type SimpleCommonMockConfig } from './schema';

/**
 * Degradation (reference §2.5, §2.11): when a concerned plugin fails with a concerned result
 * code, the task is recovered and answered with mock data (status, body, headers) instead of the
 * error. The recovery is registered on each task as it passes, so this plugin stands before the
 * plugins it is concerned with.
 */
export class SimpleCommonMock implements PluginInstance {
  private readonly codes: ReadonlySet<number>;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly body: Buffer;
  private readonly recover = (task: Task): boolean | 'finish' => {
    if (!this.codes.has(task.resultCode)) return false;
    const c = this.c;
    task.setValue(c.mock_status_key, c.mock_status);
    task.setValue(c.mock_header_key, { ...this.headers });
    task.setValue(c.mock_body_key, this.body);
    if (c.mock_task_data_key) task.setValue(c.mock_task_data_key, c.mock_task_data_value);
    return c.finish_after_mock ? 'finish' : true;
  };

  constructor(private readonly c: Readonly<SimpleCommonMockConfig>) {
    this.codes = new Set(c.task_error_codes_concerned.map((n) => RESULT_CODE_BY_NAME[n]));
    this.headers = Object.fromEntries(Object.entries(c.mock_headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.body = Buffer.from(c.mock_body);
  }

  run(task: Task): void {
    for (const name of this.c.plugins_concerned) task.addPluginRecoveryFunc(name, this.recover);
  }
}

function validate(c: SimpleCommonMockConfig): { field: string; message: string } | undefined {
  for (const [name, value] of Object.entries(c.mock_headers)) {
    if (!isToken(name)) return { field: `config.mock_headers.${name}`, message: 'is not a valid header name (an HTTP token)' };
    if (!isFieldValue(value)) return { field: `config.mock_headers.${name}`, message: 'is not a valid header value' };
    if (name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding') {
      return { field: `config.mock_headers.${name}`, message: 'is set by the gateway from the body' };
    }
  }
  if (c.plugins_concerned.includes(c.plugin_name)) return { field: 'config.plugins_concerned', message: 'must not name the mock itself' };
  return undefined;
}

function checkInPipeline(c: SimpleCommonMockConfig, ctx: PipelineCheckContext): { field: string; message: string } | undefined {
  for (const name of c.plugins_concerned) {
    const at = ctx.pluginNames.indexOf(name);
    if (at >= 0 && at < ctx.index) {
      return { field: `config.plugin_names.${ctx.index}`, message: `mocks ${name}, so it must stand before ${name} in the pipeline` };
    }
  }
  return undefined;
}

export const simpleCommonMockPlugin = definePlugin<SimpleCommonMockConfig>({
  kind: 'SimpleCommonMock',
  description: 'Degradation: when a concerned plugin fails with a concerned result code, answers with mock status, body and headers instead.',
  schema: simpleCommonMockSchema,
  validate,
  checkInPipeline,
  create: (config) => new SimpleCommonMock(config),
});
