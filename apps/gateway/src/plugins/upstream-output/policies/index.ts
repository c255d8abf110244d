import type { PipelineDirectory } from '../../../engine/cross-pipeline/directory';
import type { UpstreamOutputConfig } from '../schema';
import type { Balancer, Random } from './balancer';
import { FilterPick } from './filter';
import { HashPick } from './hash';
import { LeastWip } from './least-wip';
import { RandomPick } from './random';
import { RoundRobin } from './round-robin';
import { WeightedRandom } from './weighted-random';
import { WeightedRoundRobin } from './weighted-round-robin';

/** The balancer of a single-target policy; undefined for `fanout` and `retry`, which call several. */
export function createBalancer(c: Readonly<UpstreamOutputConfig>, pipelines: PipelineDirectory, random: Random): Balancer | undefined {
  const n = c.target_pipelines.length;
  switch (c.route_policy) {
    case 'round_robin':
      return new RoundRobin(n);
    case 'weighted_round_robin':
      return new WeightedRoundRobin(c.target_weights);
    case 'random':
      return new RandomPick(n, random);
    case 'weighted_random':
      return new WeightedRandom(c.target_weights, random);
    case 'least_wip_requests':
      return new LeastWip(n, (i) => pipelines.inbox(c.target_pipelines[i]!)?.wip);
    case 'hash':
      return new HashPick(n, c.value_hashed_keys);
    case 'filter':
      return new FilterPick(c.filter_conditions);
    case 'fanout':
    case 'retry':
      return undefined;
  }
}

/** Cross-field rules of the policy options; a message and field to refuse, or undefined. */
export function checkPolicyOptions(c: Readonly<UpstreamOutputConfig>): { field: string; message: string } | undefined {
  const n = c.target_pipelines.length;
  const perTarget = (field: keyof UpstreamOutputConfig, len: number): { field: string; message: string } | undefined =>
    len === n ? undefined : { field: `config.${field}`, message: `must have one entry per target pipeline (${n}) for route_policy ${c.route_policy}` };
  switch (c.route_policy) {
    case 'weighted_round_robin':
    case 'weighted_random':
      return perTarget('target_weights', c.target_weights.length) ??
        (c.target_weights.some((w) => w > 0) ? undefined : { field: 'config.target_weights', message: 'must give at least one target a weight above 0' });
    case 'hash':
      return c.value_hashed_keys.length > 0 ? undefined : { field: 'config.value_hashed_keys', message: 'must name at least one task key for route_policy hash' };
    case 'filter':
      return perTarget('filter_conditions', c.filter_conditions.length);
    case 'fanout':
      return perTarget('target_response_flags', c.target_response_flags.length);
    default:
      return undefined;
  }
}
