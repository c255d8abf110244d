import { defineErrors } from '../../engine/plugin-errors';

/** Error codes HTTPOutput raises when the backend call fails. */
export const httpOutputErrors = defineErrors({
  GW_BAD_GATEWAY: { status: 502, message: 'the backend request failed' },
  GW_GATEWAY_TIMEOUT: { status: 504, message: 'the backend did not answer in time' },
});
