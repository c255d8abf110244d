import type { PluginDescriptor } from '../engine/types';
import { downstreamInputPlugin } from './downstream-input/downstream-input';
import { httpInputPlugin } from './http-input/http-input';
import { httpOutputPlugin } from './http-output/http-output';
import { httpRedirectPlugin } from './http-redirect/http-redirect';
import { httpServerPlugin } from './http-server/http-server';
import { httpHeaderCounterPlugin } from './http-header-counter/http-header-counter';
import { ioReaderPlugin } from './io-reader/io-reader';
import { jsonValidatorPlugin } from './json-validator/json-validator';
import { simpleCommonCachePlugin } from './simple-common-cache/simple-common-cache';
import { simpleCommonMockPlugin } from './simple-common-mock/simple-common-mock';
import { tokenIssuerPlugin } from './token-issuer/token-issuer';
import { tokenValidatorPlugin } from './token-validator/token-validator';
import { throughputRateLimiterPlugin } from './throughput-rate-limiter/throughput-rate-limiter';
import { latencyWindowLimiterPlugin } from './latency-window-limiter/latency-window-limiter';
import { serviceCircuitBreakerPlugin } from './service-circuit-breaker/service-circuit-breaker';
import { staticProbabilityLimiterPlugin } from './static-probability-limiter/static-probability-limiter';
import { noMoreFailureLimiterPlugin } from './no-more-failure-limiter/no-more-failure-limiter';
import { upstreamOutputPlugin } from './upstream-output/upstream-output';

/** The built-in plugin kinds: this list alone decides what a gateway can run. */
export const builtinPlugins: readonly PluginDescriptor[] = [
  httpServerPlugin,
  httpInputPlugin,
  httpOutputPlugin,
  httpRedirectPlugin,
  throughputRateLimiterPlugin,
  latencyWindowLimiterPlugin,
  serviceCircuitBreakerPlugin,
  staticProbabilityLimiterPlugin,
  noMoreFailureLimiterPlugin,
  simpleCommonCachePlugin,
  simpleCommonMockPlugin,
  jsonValidatorPlugin,
  ioReaderPlugin,
  httpHeaderCounterPlugin,
  tokenIssuerPlugin,
  tokenValidatorPlugin,
  upstreamOutputPlugin,
  downstreamInputPlugin,
];
