import { defineErrors } from '../../engine/plugin-errors';

/** Error codes ThroughputRateLimiter raises. */
export const throughputRateLimiterErrors = defineErrors({
  GW_FLOW_CONTROL: { status: 429, message: 'too many requests' },
  /** policy redis with redis_failure "closed", when Redis does not answer in time. */
  GW_SERVICE_UNAVAILABLE: { status: 503, message: 'the rate-limit store is unavailable' },
});
