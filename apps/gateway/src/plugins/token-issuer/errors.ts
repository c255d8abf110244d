import { defineErrors } from '../../engine/plugin-errors';

/** Error codes TokenIssuer raises. */
export const tokenIssuerErrors = defineErrors({
  GW_BAD_GATEWAY: { status: 502, message: 'the auth service answered an unusable user id' },
});
