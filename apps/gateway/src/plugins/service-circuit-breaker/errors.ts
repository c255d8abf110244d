import { defineErrors } from '../../engine/plugin-errors';

/** Error codes ServiceCircuitBreaker raises. */
export const serviceCircuitBreakerErrors = defineErrors({
  GW_SERVICE_FUSING: { status: 429, message: 'service fusing' },
});
