/**
 * The core of the gateway's error catalogue: the codes the engine, the admin plane and boot raise.
 * Plugin kinds declare their own codes in their folder (`defineErrors`, engine/plugin-errors.ts).
 * Every error the gateway raises on purpose carries a stable `code` (listed with its fix in
 * docs/errors.md — a test keeps the doc in step with this list plus the plugins' lists), the HTTP
 * status the admin or data plane answers with, and the offending `field` when one input caused it.
 */
export const GatewayErrorCodes = {
  GW_BAD_REQUEST: 400,
  GW_INVALID_JSON: 400,
  GW_VALIDATION: 400,
  GW_UNKNOWN_TYPE: 400,
  GW_INVALID_NAME: 400,
  GW_TYPE_IMMUTABLE: 400,
  GW_UNKNOWN_PLUGIN: 400,
  GW_PIPELINE_ORDER: 400,
  GW_SEQUENCE_INVALID: 400,
  GW_SECRET_KEY_REQUIRED: 400,
  GW_UNAUTHORIZED: 401,
  GW_FORBIDDEN: 403,
  GW_NOT_FOUND: 404,
  GW_METHOD_NOT_ALLOWED: 405,
  GW_REQUEST_TIMEOUT: 408,
  GW_ALREADY_EXISTS: 409,
  GW_SEQUENCE_CONFLICT: 409,
  GW_PLUGIN_IN_USE: 409,
  GW_PIPELINE_IN_USE: 409,
  GW_LISTEN_FAILED: 409,
  GW_NOT_WRITER: 421,
  GW_BODY_TOO_LARGE: 413,
  GW_UNSUPPORTED_MEDIA_TYPE: 415,
  GW_HEADERS_TOO_LARGE: 431,
  GW_TOO_MANY_ATTEMPTS: 429,
  GW_CLIENT_CLOSED_REQUEST: 499,
  GW_SERVICE_UNAVAILABLE: 503,
  GW_QUEUE_FULL: 503,
  GW_NOT_READY: 503,
  GW_CLUSTER_UNAVAILABLE: 503,
  GW_STATS_UNAVAILABLE: 503,
  GW_INTERNAL: 500,
  GW_TASK_VALUE_TYPE: 500,
  GW_CONFIG_CORRUPT: 500,
  GW_PERSIST_FAILED: 500,
} as const;

export type GatewayErrorCode = keyof typeof GatewayErrorCodes;

/** A code with its status, for codes a plugin kind declares (see engine/plugin-errors.ts). */
export interface DeclaredCode {
  readonly code: string;
  readonly status: number;
}

/** An error the gateway raised on purpose; `status` is what an HTTP client is answered with. */
export class GatewayError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;

  /** `code` is a core code, or a plugin's declared code with its status. */
  constructor(code: GatewayErrorCode | DeclaredCode, message: string, opts: { field?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewayError';
    this.code = typeof code === 'string' ? code : code.code;
    this.status = typeof code === 'string' ? GatewayErrorCodes[code] : code.status;
    this.field = opts.field;
  }

  /** The JSON body both planes answer with: `{code, message, field?}`. */
  toJSON(): { code: string; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

/** True for errors the gateway raised itself, as opposed to errors of a wrapped call. */
export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}
