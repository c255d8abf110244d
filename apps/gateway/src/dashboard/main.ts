import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { Api, ApiError } from './api';
import { ConfigView, type ConfigRoute } from './config-view';
import { byId, h, replace } from './dom';
import { PipelineHistory } from './history';
import { KeyPrompt } from './key-prompt';
import { OPTIONAL_SOURCES, OptionalSection } from './optional-sections';
import { OverviewView } from './overview';
import { PipelineView } from './pipeline-view';
import type { PipelineOverview, PipelineSnapshot, RegisteredIndicators } from './types';

/** How often the figures are read: the statistics tick every 5 s, so reading faster shows nothing new. */
const POLL_MS = 5000;

type Route = { view: 'overview' } | { view: 'pipeline'; name: string } | { view: 'config'; config: ConfigRoute };

/** `#/`, `#/pipelines/<name>`, `#/config`, `#/config/plugins/<name>`, `#/config/new/plugin`, … */
function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] === 'pipelines' && parts[1]) return { view: 'pipeline', name: parts[1] };
  if (parts[0] === 'config') {
    if ((parts[1] === 'plugins' || parts[1] === 'pipelines') && parts[2]) return { view: 'config', config: { what: parts[1] === 'plugins' ? 'plugin' : 'pipeline', name: parts[2] } };
    if (parts[1] === 'new' && (parts[2] === 'plugin' || parts[2] === 'pipeline')) return { view: 'config', config: { what: 'new', kind: parts[2] } };
    return { view: 'config', config: { what: 'index' } };
  }
  return { view: 'overview' };
}

/** The page: one poller feeding the overview and the open pipeline, a router, and the key prompt. */
class Dashboard {
  private readonly api = new Api();
  private readonly history = new PipelineHistory();
  private readonly overview = new OverviewView();
  private readonly optional = OPTIONAL_SOURCES.map((s) => new OptionalSection(this.api, s));
  private readonly main = byId('main');
  private readonly status = byId('status');
  private readonly keyPrompt: KeyPrompt;
  private pipeline: PipelineView | undefined;
  private route: Route = { view: 'overview' };
  private timer: number | undefined;
  private polling = false;

  constructor() {
    this.keyPrompt = new KeyPrompt(this.api, () => {
      this.render();
      void this.poll();
    });
    this.api.onUnauthorized = () => {
      if (!this.keyPrompt.open) this.keyPrompt.show();
    };
    window.addEventListener('hashchange', () => {
      this.render();
      void this.poll();
    });
  }

  start(): void {
    this.render();
    void this.poll();
  }

  private render(): void {
    this.route = parseRoute(location.hash);
    for (const a of document.querySelectorAll<HTMLAnchorElement>('header nav a')) {
      const current = (a.dataset['view'] ?? '') === this.route.view || (a.dataset['view'] === 'overview' && this.route.view === 'pipeline');
      if (current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    this.pipeline?.destroy();
    this.pipeline = undefined;
    if (this.route.view === 'overview') {
      replace(this.main, this.overview.root, ...this.optional.map((o) => o.root));
    } else if (this.route.view === 'pipeline') {
      this.pipeline = new PipelineView(this.route.name);
      replace(this.main, this.pipeline.root);
    } else {
      const view = new ConfigView(this.api, this.route.config);
      replace(this.main, view.root);
      view.load().catch((err: unknown) => this.showError(err));
    }
  }

  /** Reads the figures now, then every 5 s; one read at a time. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    window.clearTimeout(this.timer);
    try {
      if (!this.keyPrompt.open) await this.read();
    } catch (err) {
      this.showError(err);
    } finally {
      this.polling = false;
      this.timer = window.setTimeout(() => void this.poll(), POLL_MS);
    }
  }

  private async read(): Promise<void> {
    const [overview, registered] = await Promise.all([
      this.api.get<{ pipelines: PipelineOverview[] }>('statistics/v1/pipelines'),
      this.api.get<{ pipelines: RegisteredIndicators[] }>('statistics/v1/registered-indicators'),
    ]);
    this.history.record(Date.now() / 1000, overview.pipelines);
    this.overview.update(overview.pipelines, this.history, registered.pipelines);
    const view = this.pipeline;
    if (view !== undefined) {
      try {
        const snapshot = await this.api.get<PipelineSnapshot>(`statistics/v1/pipelines/${encodeURIComponent(view.name)}/snapshot`);
        if (view === this.pipeline) view.update(snapshot, this.history, registered.pipelines.find((r) => r.pipeline === view.name));
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
        replace(view.root, h('p', { class: 'error' }, `Pipeline ${view.name} is not running (${err.message}).`));
      }
    }
    if (this.route.view === 'overview') await Promise.all(this.optional.map((o) => o.refresh()));
    this.status.className = '';
    this.status.textContent = `updated ${new Date().toLocaleTimeString()}`;
  }

  private showError(err: unknown): void {
    if (err instanceof ApiError && err.status === 401) return; // the key prompt says it
    this.status.className = 'error';
    this.status.textContent = err instanceof Error ? err.message : String(err);
  }
}

new Dashboard().start();
