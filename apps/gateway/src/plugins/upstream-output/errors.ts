import { defineErrors } from '../../engine/plugin-errors';

/**
 * Error codes UpstreamOutput raises itself; a target that is missing, takes no calls or has a full
 * backlog answers with the core GW_SERVICE_UNAVAILABLE / GW_QUEUE_FULL.
 */
export const upstreamOutputErrors = defineErrors({
  GW_CROSS_PIPELINE_TIMEOUT: { status: 503, message: 'the target pipeline did not answer in time' },
});
