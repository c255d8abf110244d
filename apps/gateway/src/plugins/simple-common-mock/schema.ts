import type { JSONSchema } from '../../engine/schema';
import { ResultCode } from '../../engine/task';

/** Result codes a mock may be concerned with, by their Ease Gateway names. */
export const RESULT_CODE_BY_NAME = {
  ResultBadInput: ResultCode.BadInput,
  ResultUnauthorized: ResultCode.Unauthorized,
  ResultFlowControl: ResultCode.FlowControl,
  ResultMissingInput: ResultCode.MissingInput,
  ResultInternalServerError: ResultCode.InternalServerError,
  ResultUnknownError: ResultCode.UnknownError,
  ResultTaskCancelled: ResultCode.TaskCancelled,
  ResultServiceUnavailable: ResultCode.ServiceUnavailable,
  ResultGatewayTimeout: ResultCode.GatewayTimeout,
} as const;
export type ResultCodeName = keyof typeof RESULT_CODE_BY_NAME;

/** Config of a SimpleCommonMock plugin (defaults filled in). */
export interface SimpleCommonMockConfig {
  plugin_name: string;
  /** Plugins whose failures are mocked; they must stand after this plugin in the pipeline. */
  plugins_concerned: string[];
  /** Result codes that are mocked (Ease names, e.g. "ResultFlowControl"); other failures stay failures. */
  task_error_codes_concerned: ResultCodeName[];
  /** Status written to `mock_status_key`. @default 200 */
  mock_status: number;
  /** @default "HTTP_RESP_CODE" */
  mock_status_key: string;
  /** Body written to `mock_body_key` (pair with HTTPInput's response_body_buffer_key). @default "" */
  mock_body: string;
  /** @default "HTTP_RESP_BODY_BUF" */
  mock_body_key: string;
  /** Headers written to `mock_header_key`. @default {} */
  mock_headers: Record<string, string>;
  /** @default "HTTP_RESP_HEADER" */
  mock_header_key: string;
  /** Ease Gateway's generic mock: a task key and the string written under it ("" = none). @default "" */
  mock_task_data_key: string;
  /** @default "" */
  mock_task_data_value: string;
  /** Answer with the mock at once (true) or run on with the plugin after the failed one, as Ease Gateway did (false). @default true */
  finish_after_mock: boolean;
}

const KEY = { type: 'string', minLength: 1, maxLength: 128 };

export const simpleCommonMockSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'plugins_concerned', 'task_error_codes_concerned'],
  properties: {
    plugin_name: { type: 'string' },
    plugins_concerned: { type: 'array', minItems: 1, maxItems: 32, uniqueItems: true, items: KEY },
    task_error_codes_concerned: { type: 'array', minItems: 1, maxItems: 16, uniqueItems: true, items: { type: 'string', enum: Object.keys(RESULT_CODE_BY_NAME) } },
    mock_status: { type: 'integer', minimum: 200, maximum: 599, default: 200 },
    mock_status_key: { ...KEY, default: 'HTTP_RESP_CODE' },
    mock_body: { type: 'string', maxLength: 65536, default: '' },
    mock_body_key: { ...KEY, default: 'HTTP_RESP_BODY_BUF' },
    mock_headers: { type: 'object', maxProperties: 32, additionalProperties: { type: 'string', maxLength: 4096 }, default: {} },
    mock_header_key: { ...KEY, default: 'HTTP_RESP_HEADER' },
    mock_task_data_key: { type: 'string', maxLength: 128, default: '' },
    mock_task_data_value: { type: 'string', maxLength: 65536, default: '' },
    finish_after_mock: { type: 'boolean', default: true },
  },
};
