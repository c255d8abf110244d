import { defineErrors } from '../../engine/plugin-errors';

/** Error codes HTTPOutput raises: the backend call failed, its origin is not allowed, or no instance is in rotation. */
export const httpOutputErrors = defineErrors({
  GW_BAD_GATEWAY: { status: 502, message: 'the backend request failed' },
  GW_GATEWAY_TIMEOUT: { status: 504, message: 'the backend did not answer in time' },
  GW_ORIGIN_NOT_ALLOWED: { status: 400, message: 'the backend origin is not in allowed_origins' },
  GW_NO_HEALTHY_BACKEND: { status: 503, message: 'no backend instance is in rotation' },
});
