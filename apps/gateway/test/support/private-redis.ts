/** The benches' private redis-server serves the tests too. */
export { PrivateRedis } from '../../src/bench/private-redis';
