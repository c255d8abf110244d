// Starts an emulated Consul cluster with a manual clock and builds drivers against its agents.
import { ManualClock } from '@gatehouse/foundation';
import { ConsulRegistry, type ConsulRegistryOptions } from '../src/consul/consul-registry';
import { ConsulCluster } from './consul-emulator/cluster';

export interface ConsulFixture {
  clock: ManualClock;
  cluster: ConsulCluster;
  /** A driver talking to agent `i` (1-based); closed by `cleanup`. */
  registry(i: number, opts?: ConsulRegistryOptions): ConsulRegistry;
  cleanup(): Promise<void>;
}

/** @param agents number of emulated agents. */
export async function startConsul(agents = 2): Promise<ConsulFixture> {
  const clock = new ManualClock();
  const cluster = await ConsulCluster.start({ clock, agents, random: () => 0 });
  const made: ConsulRegistry[] = [];
  return {
    clock,
    cluster,
    registry(i, opts = {}) {
      const r = new ConsulRegistry({
        ...cluster.agent(i).address,
        clock,
        // Each emulated node's agent listens on its own loopback port.
        agentFor: (n) => cluster.agentByNode(n.node)!.address,
        ...opts,
      });
      made.push(r);
      return r;
    },
    async cleanup() {
      for (const r of made) await r.close();
      await cluster.close();
    },
  };
}
