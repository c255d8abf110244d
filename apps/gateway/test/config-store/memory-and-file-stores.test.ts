import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryConfigStore } from '../../src/config-store/config-store';
import { FileConfigStore } from '../../src/config-store/file-config-store';
import { describeConfigStoreContract } from './config-store-contract';

describeConfigStoreContract('MemoryConfigStore', describe, {
  sharedWriters: false,
  fresh: async () => new MemoryConfigStore(),
  reopen: async (s) => s,
});

const dirs: string[] = [];
describeConfigStoreContract('FileConfigStore', describe, {
  sharedWriters: false,
  fresh: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gh-store-'));
    dirs.push(dir);
    return new FileConfigStore(dir);
  },
  reopen: async (s) => new FileConfigStore((s as FileConfigStore).dir),
  cleanup: async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  },
});
