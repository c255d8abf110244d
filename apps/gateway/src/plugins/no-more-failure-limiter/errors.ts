import { defineErrors } from '../../engine/plugin-errors';

/** Error codes NoMoreFailureLimiter raises: the limiters' shared flow-control code. */
export const noMoreFailureLimiterErrors = defineErrors({
  GW_FLOW_CONTROL: { status: 429, message: 'no more requests: the failure threshold was reached' },
});
