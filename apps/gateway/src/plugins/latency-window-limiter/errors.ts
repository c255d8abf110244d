import { defineErrors } from '../../engine/plugin-errors';

/** Error codes LatencyWindowLimiter raises: the limiters' shared flow-control code. */
export const latencyWindowLimiterErrors = defineErrors({
  GW_FLOW_CONTROL: { status: 429, message: 'the backend is slow; request refused by flow control' },
});
