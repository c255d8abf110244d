import { ManualClock } from '@gatehouse/foundation';
import { ConsulRegistry } from '../src/consul/consul-registry';
import { ConsulCluster } from './consul-emulator/cluster';
import { describeRegistryContract } from './registry-contract';

describeRegistryContract({
  name: 'ConsulRegistry on the Consul API emulator',
  create: async () => {
    const clock = new ManualClock();
    const cluster = await ConsulCluster.start({ clock, agents: 2 });
    const registry = new ConsulRegistry({ ...cluster.agent(1).address, clock });
    return {
      registry,
      clock,
      cleanup: async () => {
        await registry.close();
        await cluster.close();
      },
    };
  },
});
