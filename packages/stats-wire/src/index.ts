// @gatehouse/stats-wire: what the gateway (which ships statistics) and the stats worker (which
// folds them) must agree on — the sketch, the report format and the Redis layout.
export { LatencySketch, RELATIVE_ACCURACY, type SketchParts } from './latency-sketch';
export {
  checkName,
  reportJobId,
  MAX_NAME_LENGTH,
  NAME_PATTERN,
  REPORT_LIMITS,
  REPORT_VERSION,
  TICK_MS,
  type SeriesDelta,
  type TickReport,
} from './report-shape';
export { decodeJobData, decodeReport, type DecodedJob, type DecodeOptions } from './decode-report';
export { decodeReportBody, encodeReport, encodeReportBody, walkReportBody, type EncodedReport, type ReportInput, type ReportVisitor, type SeriesInput, type WalkOptions } from './binary/report-binary-v2';
export { checkReportClaim, CLAIM_VERSION, REPORT_BODY_TTL_SEC, reportClaim, type ReportClaim } from './report-claim';
export { encodeSketch, type EncodedPipeline, type EncodedReportV1, type EncodedResult, type EncodedSeries } from './report-json-v1';
export { SKETCH_LIMITS, type BinCheck } from './binary/sketch-codec';
export { ByteReader } from './binary/byte-reader';
export { ByteWriter } from './binary/byte-writer';
export {
  bucketEndSec,
  bucketOf,
  DEFAULT_PREFIX,
  DEFAULT_RETENTION,
  isKeyPrefix,
  KEY_PREFIX_PATTERN,
  KEY_PREFIX_RULE,
  RESOLUTIONS,
  SeriesLayout,
  type Resolution,
  type Retention,
  type SeriesScope,
} from './series-layout';
export { BUCKET_VERSION_FIELD, countOfField, decodeBucketSketch, encodeBucketSketch, partsFromHash, type ResultTag } from './bucket-fields';
export { MalformedBucketError, MalformedReportError } from './errors';
export {
  addToGaugeFold,
  decodeBucketGauges,
  encodeBucketGauges,
  GAUGE_AGGREGATES,
  GAUGE_FIELD,
  GAUGE_LIMITS,
  gaugeValue,
  mergeGaugeFolds,
  type GaugeAggregate,
  type GaugeFold,
  type GaugeVisitor,
  type PluginGauge,
} from './plugin-gauges';
export { isQueueName, QUEUE_NAME_PATTERN, QUEUE_NAME_RULE, STATS_QUEUE } from './queue-name';
