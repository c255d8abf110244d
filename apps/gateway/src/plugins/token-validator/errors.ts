import { defineErrors } from '../../engine/plugin-errors';

/** Error codes TokenValidator raises; one message for every refusal, so a client learns nothing about which check failed. */
export const tokenValidatorErrors = defineErrors({
  GW_UNAUTHORIZED: { status: 401, message: 'missing or invalid token' },
  GW_SERVICE_UNAVAILABLE: { status: 503, message: 'the revocation store cannot be reached' },
});
