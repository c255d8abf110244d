import {
  BALANCER_FACTORIES,
  consistentHashBalancer,
  createBalancer,
  leastInFlightBalancer,
  p2cEwmaBalancer,
  randomBalancer,
  roundRobinBalancer,
  UnknownBalancerError,
  weightedRoundRobinBalancer,
} from '../src';
import { describeBalancerContract } from './balancer-contract';

describeBalancerContract('random', () => randomBalancer());
describeBalancerContract('round-robin', () => roundRobinBalancer());
describeBalancerContract('weighted-round-robin', () => weightedRoundRobinBalancer());
describeBalancerContract('least-in-flight', () => leastInFlightBalancer());
describeBalancerContract('consistent-hash', () => consistentHashBalancer());
describeBalancerContract('p2c-ewma', () => p2cEwmaBalancer());

test('the factory knows every kind and the talk’s aliases', () => {
  for (const kind of Object.keys(BALANCER_FACTORIES)) expect(createBalancer(kind).kind).toBe(kind);
  expect(createBalancer('roundrobin').kind).toBe('round-robin');
  expect(createBalancer('hash').kind).toBe('consistent-hash');
  expect(() => createBalancer('fastest')).toThrow(UnknownBalancerError);
});
