import { defineErrors } from '../../engine/plugin-errors';

/** Error codes ThroughputRateLimiter raises. */
export const throughputRateLimiterErrors = defineErrors({
  GW_FLOW_CONTROL: { status: 429, message: 'too many requests' },
});
