import type { Api } from './api';
import { h, replace } from './dom';
import { PIPELINE_KIND, PLUGIN_KIND, SpecEditor, type SpecKind } from './spec-editor';
import type { Spec, TypeInfo } from './types';

/** Which part of the config the route names. */
export type ConfigRoute = { what: 'index' } | { what: 'plugin' | 'pipeline'; name: string } | { what: 'new'; kind: 'plugin' | 'pipeline' };

/** What the last change did, shown by the view the page goes to next (it replaces this one). */
let pendingNotice: string | undefined;

/**
 * The config: every plugin and pipeline with its type, and for the one selected its stored spec
 * and an editor generated from its type's schema; new plugins and pipelines are created the same
 * way. Everything goes through `/admin/v1`, so the rules are the API's.
 */
export class ConfigView {
  readonly root: HTMLElement;
  private readonly nav = h('nav', { class: 'config-nav', 'aria-label': 'plugins and pipelines' });
  private readonly main = h('div', { class: 'config-main' });

  constructor(
    private readonly api: Api,
    private readonly route: ConfigRoute,
  ) {
    this.root = h('section', { id: 'config' }, this.nav, this.main);
  }

  async load(): Promise<void> {
    replace(this.main, h('p', { class: 'empty' }, 'Loading…'));
    const [pluginTypes, pipelineTypes, plugins, pipelines] = await Promise.all([
      this.api.get<{ plugin_types: TypeInfo[] }>('admin/v1/plugin-types'),
      this.api.get<{ pipeline_types: TypeInfo[] }>('admin/v1/pipeline-types'),
      this.api.get<{ plugins: Spec[] }>('admin/v1/plugins'),
      this.api.get<{ pipelines: Spec[] }>('admin/v1/pipelines'),
    ]);
    const pluginNames = plugins.plugins.map((p) => String(p.config['plugin_name']));
    const servers = plugins.plugins.filter((p) => p.type === 'HTTPServer').map((p) => String(p.config['plugin_name']));
    this.drawNav(plugins.plugins, pipelines.pipelines);

    const suggestions = (field: string): readonly string[] | undefined => (field === 'plugin_names' ? pluginNames : field === 'server_name' ? servers : undefined);
    const editor = (kind: SpecKind, types: TypeInfo[], spec: Spec | undefined): SpecEditor =>
      new SpecEditor({
        api: this.api,
        kind,
        types,
        ...(spec ? { spec } : {}),
        ...(notice ? { notice } : {}),
        suggestions,
        onSaved: (stored, said) => {
          pendingNotice = said;
          const target = stored ? `#/config/${kind.noun}s/${encodeURIComponent(String(stored.config[kind.nameKey]))}` : '#/config';
          if (location.hash === target) void this.load();
          else location.hash = target;
        },
      });

    const notice = pendingNotice;
    pendingNotice = undefined;
    const r = this.route;
    if (r.what === 'index') {
      replace(this.main, notice ? h('p', { class: 'form-message ok' }, notice) : null, h('p', { class: 'empty' }, 'Pick a plugin or a pipeline to see its spec and edit it, or create a new one.'));
    } else if (r.what === 'new') {
      replace(this.main, r.kind === 'plugin' ? editor(PLUGIN_KIND, pluginTypes.plugin_types, undefined).root : editor(PIPELINE_KIND, pipelineTypes.pipeline_types, undefined).root);
    } else {
      const list = r.what === 'plugin' ? plugins.plugins : pipelines.pipelines;
      const kind = r.what === 'plugin' ? PLUGIN_KIND : PIPELINE_KIND;
      const spec = list.find((s) => s.config[kind.nameKey] === r.name);
      const types = r.what === 'plugin' ? pluginTypes.plugin_types : pipelineTypes.pipeline_types;
      replace(this.main, spec ? editor(kind, types, spec).root : h('p', { class: 'error' }, `${r.what} ${r.name} not found`));
    }
  }

  private drawNav(plugins: Spec[], pipelines: Spec[]): void {
    const current = this.route.what === 'plugin' || this.route.what === 'pipeline' ? `${this.route.what}:${this.route.name}` : '';
    const item = (noun: 'plugin' | 'pipeline', s: Spec, nameKey: string): HTMLElement => {
      const name = String(s.config[nameKey]);
      return h(
        'li',
        {},
        h('a', { href: `#/config/${noun}s/${encodeURIComponent(name)}`, 'aria-current': current === `${noun}:${name}` ? 'page' : undefined }, name),
        ' ',
        h('span', { class: 'type' }, s.type),
      );
    };
    const byName = (key: string) => (a: Spec, b: Spec) => String(a.config[key]).localeCompare(String(b.config[key]));
    replace(
      this.nav,
      h('h3', {}, 'Pipelines ', h('a', { href: '#/config/new/pipeline', class: 'new' }, '+ new')),
      h('ul', { id: 'pipeline-list' }, ...[...pipelines].sort(byName('pipeline_name')).map((s) => item('pipeline', s, 'pipeline_name'))),
      h('h3', {}, 'Plugins ', h('a', { href: '#/config/new/plugin', class: 'new' }, '+ new')),
      h('ul', { id: 'plugin-list' }, ...[...plugins].sort(byName('plugin_name')).map((s) => item('plugin', s, 'plugin_name'))),
    );
  }
}
