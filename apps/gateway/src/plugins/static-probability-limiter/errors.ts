import { defineErrors } from '../../engine/plugin-errors';

/** Error codes StaticProbabilityLimiter raises: the limiters' shared flow-control code. */
export const staticProbabilityLimiterErrors = defineErrors({
  GW_FLOW_CONTROL: { status: 429, message: 'request refused by the probability limiter' },
});
