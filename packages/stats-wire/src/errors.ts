// The stats-wire error catalogue (README.md, "Errors", lists the same codes).
import { GatehouseError } from '@gatehouse/foundation';

/** A job's data is not a report this version can fold: the message says what is wrong where. */
export class MalformedReportError extends GatehouseError<'SW_MALFORMED_REPORT'> {
  constructor(message: string) {
    super('SW_MALFORMED_REPORT', message);
  }
}

/** A folded bucket in Redis does not hold what the fold writes (written by something else, or corrupted). */
export class MalformedBucketError extends GatehouseError<'SW_MALFORMED_BUCKET'> {
  constructor(message: string) {
    super('SW_MALFORMED_BUCKET', `stored statistics bucket: ${message}`);
  }
}
