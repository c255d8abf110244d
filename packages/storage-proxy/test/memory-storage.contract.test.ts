import { MemoryStorage } from '../src';
import { describeStorageContract, type Item } from './contract';

describeStorageContract({ name: 'MemoryStorage', create: async () => new MemoryStorage<Item>() });
