import type { PluginDescriptor } from '../engine/types';
import { httpInputPlugin } from './http-input/http-input';
import { httpOutputPlugin } from './http-output/http-output';
import { httpRedirectPlugin } from './http-redirect/http-redirect';
import { httpServerPlugin } from './http-server/http-server';
import { tokenIssuerPlugin } from './token-issuer/token-issuer';
import { tokenValidatorPlugin } from './token-validator/token-validator';
import { throughputRateLimiterPlugin } from './throughput-rate-limiter/throughput-rate-limiter';

/** The built-in plugin kinds: this list alone decides what a gateway can run. */
export const builtinPlugins: readonly PluginDescriptor[] = [
  httpServerPlugin,
  httpInputPlugin,
  httpOutputPlugin,
  httpRedirectPlugin,
  throughputRateLimiterPlugin,
  tokenIssuerPlugin,
  tokenValidatorPlugin,
];
