import { request } from 'undici';
import { MemoryConfigStore, type StoredConfig } from '../../src/config-store/config-store';
import { isPluginOperation, type Operation } from '../../src/config-store/operation';
import { startBackend, type TestBackend } from '../support/backend';
import { startTestGateway } from '../support/harness';
import type { Gateway } from '../../src/engine/gateway';

/** A store whose pipeline operations wait until the test lets them be appended or fail. */
class GatedStore extends MemoryConfigStore {
  gate: { release: () => void; fail: (e: Error) => void } | undefined;
  private entered: () => void = () => undefined;

  /** Resolves once a pipeline save is waiting at the gate. */
  nextSave(): Promise<void> {
    return new Promise((r) => (this.entered = r));
  }

  override async append(seq: number, op: Operation, result: StoredConfig): Promise<void> {
    if (!isPluginOperation(op)) {
      await new Promise<void>((release, fail) => {
        this.gate = { release, fail };
        this.entered();
      });
    }
    await super.append(seq, op, result);
  }
}

describe('a change serves no request before it is persisted', () => {
  let backend: TestBackend;
  let gw: Gateway;
  let store: GatedStore;
  let base: string;

  beforeAll(async () => {
    backend = await startBackend();
    store = new GatedStore();
    gw = await startTestGateway({ store });
    await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'srv', port: 0 } });
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'srv', path: '/new' } });
    await gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}/x`, method: 'GET' } });
    // A first pipeline keeps the server listening so the new route can be probed.
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'keep-in', server_name: 'srv', path: '/keep' } });
    const first = gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'keep', plugin_names: ['srv', 'keep-in', 'out'] } });
    await store.nextSave();
    store.gate!.release();
    await first;
    const server = gw.pipeline('keep')!.currentHandles()[0]!.instance as unknown as { port: number };
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  const status = async (path: string): Promise<number> => {
    const res = await request(`${base}${path}`);
    await res.body.text();
    return res.statusCode;
  };

  it('a pipeline whose save is still running answers 404; once the save fails it never served', async () => {
    const saving = store.nextSave();
    const created = gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['srv', 'in', 'out'] } });
    await saving;
    expect(await status('/new')).toBe(404);
    store.gate!.fail(new Error('disk full'));
    await expect(created).rejects.toThrow('disk full');
    expect(await status('/new')).toBe(404);
    expect(backend.requests.length).toBe(0);
  });

  it('the same pipeline serves once its save succeeded', async () => {
    const saving = store.nextSave();
    const created = gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['srv', 'in', 'out'] } });
    await saving;
    expect(await status('/new')).toBe(404);
    store.gate!.release();
    await created;
    expect(await status('/new')).toBe(200);
  });
});
