// @gatehouse/stats-wire: what the gateway (which ships statistics) and the stats worker (which
// folds them) must agree on — the sketch, the report format and the Redis layout.
export { LatencySketch, RELATIVE_ACCURACY, type SketchParts } from './latency-sketch';
export {
  decodeReport,
  encodeSketch,
  reportJobId,
  NAME_PATTERN,
  REPORT_LIMITS,
  REPORT_VERSION,
  TICK_MS,
  type EncodedPipeline,
  type EncodedReport,
  type EncodedResult,
  type EncodedSeries,
  type SeriesDelta,
  type TickReport,
} from './tick-report';
export { bucketEndSec, bucketOf, DEFAULT_PREFIX, DEFAULT_RETENTION, RESOLUTIONS, SeriesLayout, type Resolution, type Retention, type SeriesScope } from './series-layout';
export { partsFromHash, type ResultTag } from './bucket-fields';
export { MalformedReportError } from './errors';

/** Name of the BullMQ queue the gateway ships reports to and the worker consumes. */
export const STATS_QUEUE = 'gatehouse-stats';
