import { defineErrors } from '../../engine/plugin-errors';

/**
 * Error codes HTTPInput raises: its own header check, and the codes it answers a failed task's
 * result code with when the failing plugin gave none.
 */
export const httpInputErrors = defineErrors({
  GW_HEADER_NOT_ALLOWED: { status: 400, message: 'a header has a value its headers_enum does not allow' },
  GW_FLOW_CONTROL: { status: 429, message: 'the request was refused by flow control' },
  GW_BAD_GATEWAY: { status: 502, message: 'the backend answered something unusable' },
  GW_GATEWAY_TIMEOUT: { status: 504, message: 'the backend did not answer in time' },
});
