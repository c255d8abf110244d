import { NamedCallbackSet } from '../../src/engine/callbacks';
import type { Gateway } from '../../src/engine/gateway';
import { startTestGateway } from '../support/harness';

describe('NamedCallbackSet', () => {
  it('runs callbacks in priority order (lower first), ties in insertion order', () => {
    const set = new NamedCallbackSet<[string]>();
    const calls: string[] = [];
    set.add('late', (a) => calls.push(`late:${a}`), 10);
    set.add('early', (a) => calls.push(`early:${a}`), -5);
    set.add('mid1', (a) => calls.push(`mid1:${a}`));
    set.add('mid2', (a) => calls.push(`mid2:${a}`));
    set.invoke('x');
    expect(calls).toEqual(['early:x', 'mid1:x', 'mid2:x', 'late:x']);
    expect(set.names()).toEqual(['early', 'mid1', 'mid2', 'late']);
  });

  it('throws on a duplicate name', () => {
    const set = new NamedCallbackSet<[]>();
    set.add('a', () => undefined);
    expect(() => set.add('a', () => undefined, 3)).toThrow(/already registered/);
  });

  it('lets a callback remove itself (and add another) during invoke without disturbing that run', () => {
    const set = new NamedCallbackSet<[]>();
    const calls: string[] = [];
    set.add('once', () => {
      calls.push('once');
      set.delete('once');
      set.add('added-later', () => calls.push('added-later'));
    });
    set.add('always', () => calls.push('always'), 1);
    set.invoke();
    expect(calls).toEqual(['once', 'always']);
    set.invoke();
    expect(calls).toEqual(['once', 'always', 'added-later', 'always']);
    expect(set.delete('once')).toBe(false);
  });
});

describe('model lifecycle callbacks', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it('fire for plugin and pipeline added, updated and deleted, in priority order', async () => {
    const log: string[] = [];
    const m = gw.model;
    m.pluginAdded.add('b', (s) => log.push(`pluginAdded/b ${s.config.plugin_name}`), 2);
    m.pluginAdded.add('a', (s) => log.push(`pluginAdded/a ${s.config.plugin_name}`), 1);
    m.pluginUpdated.add('u', (now, old) => log.push(`pluginUpdated ${String(old.config['action'])}->${String(now.config['action'])}`));
    m.pluginDeleted.add('d', (s) => log.push(`pluginDeleted ${s.config.plugin_name}`));
    m.pipelineAdded.add('second', (s) => log.push(`pipelineAdded/second ${s.config.pipeline_name}`), 5);
    m.pipelineAdded.add('first', (s) => log.push(`pipelineAdded/first ${s.config.pipeline_name}`), 0);
    m.pipelineUpdated.add('u', (now, old) => log.push(`pipelineUpdated ${String(old.config['parallelism'])}->${String(now.config['parallelism'])}`));
    m.pipelineDeleted.add('d', (s) => log.push(`pipelineDeleted ${s.config.pipeline_name}`));

    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'st', action: 'mark' } });
    await gw.updatePlugin({ type: 'TestStep', config: { plugin_name: 'st', action: 'finish' } });
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'pl', plugin_names: ['st'], parallelism: 1 } });
    await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'pl', plugin_names: ['st'], parallelism: 4 } });
    await gw.deletePipeline('pl');
    await gw.deletePlugin('st');

    expect(log).toEqual([
      'pluginAdded/a st',
      'pluginAdded/b st',
      'pluginUpdated mark->finish',
      'pipelineAdded/first pl',
      'pipelineAdded/second pl',
      'pipelineUpdated 1->4',
      'pipelineDeleted pl',
      'pluginDeleted st',
    ]);
  });

  it('do not fire for a refused change', async () => {
    const log: string[] = [];
    gw.model.pluginAdded.add('x', () => log.push('added'));
    gw.model.pipelineAdded.add('x', () => log.push('added'));
    await expect(gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'a b', action: 'mark' } })).rejects.toThrow();
    await expect(gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['none'] } })).rejects.toThrow();
    expect(log).toEqual([]);
  });
});
