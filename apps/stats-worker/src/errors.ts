// The stats worker's error catalogue; README.md's "Errors" table lists the same codes and
// test/errors-catalogue.test.ts fails when the two drift.
import { GatehouseError } from '@gatehouse/foundation';

/** An environment variable has a value the worker cannot use (`field` names it). */
export class BadConfigError extends GatehouseError<'STATS_BAD_CONFIG'> {
  constructor(variable: string, message: string) {
    super('STATS_BAD_CONFIG', `${variable} ${message}`, { field: variable });
  }
}

/** No such route (`GET /health` and `GET /metrics` are all there is). */
export class NotFoundError extends GatehouseError<'STATS_NOT_FOUND'> {
  constructor(path: string) {
    super('STATS_NOT_FOUND', `no route ${path}`);
  }
}

/**
 * A claimed report's body (version-3 job data) is not in Redis and its job was never folded: it
 * waited past the body's TTL, or Redis lost it (a restart beyond the AOF's fsync window). The job
 * fails for good: there is nothing to fold.
 */
export class MissingReportBodyError extends GatehouseError<'STATS_MISSING_BODY'> {
  constructor(jobId: string, key: string) {
    super('STATS_MISSING_BODY', `job ${jobId}: its report body ${key} is not in Redis (expired or lost) and it was never folded`);
  }
}
