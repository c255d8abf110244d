import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { describeRegistryContract } from './registry-contract';

describeRegistryContract({
  name: 'MemoryRegistry',
  create: async () => {
    const clock = new ManualClock();
    const registry = new MemoryRegistry({ clock });
    return { registry, clock, cleanup: () => registry.close() };
  },
});
