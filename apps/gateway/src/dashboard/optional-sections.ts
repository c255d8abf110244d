import { ApiError, type Api } from './api';
import { h, replace } from './dom';

/**
 * Sections whose API a later part of the gateway adds. The page asks once at load: a 404 means
 * the gateway has no such API and the section stays hidden; an answer is drawn as a table of
 * the list it holds, one column per field. Nothing is made up while the API is missing.
 */
export interface OptionalSource {
  id: string;
  title: string;
  /** Relative path of the API. */
  path: string;
  /** The property of the answer that holds the list. */
  list: string;
}

/** The APIs the dashboard looks for; docs/dashboard.md states the shapes it expects. */
export const OPTIONAL_SOURCES: readonly OptionalSource[] = [
  { id: 'backends', title: 'Backend health', path: 'health/v1/backends', list: 'backends' },
  { id: 'cluster', title: 'Cluster members', path: 'cluster/health/v1/members', list: 'members' },
];

type Scalar = string | number | boolean | null;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v as Scalar);
}

/** One optional section: hidden until its API answers. */
export class OptionalSection {
  readonly root: HTMLElement;
  private readonly content = h('div');
  /** undefined: not asked yet; false: the API does not exist here. */
  private available: boolean | undefined;

  constructor(
    private readonly api: Api,
    private readonly source: OptionalSource,
  ) {
    this.root = h('section', { id: source.id, hidden: true }, h('h2', {}, source.title), this.content);
  }

  /** Reads the API (after the first 404, never again) and redraws. */
  async refresh(): Promise<void> {
    if (this.available === false) return;
    let answer: unknown;
    try {
      answer = await this.api.get(this.source.path);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && this.available === undefined) {
        this.available = false;
        return;
      }
      if (this.available) replace(this.content, h('p', { class: 'error' }, err instanceof Error ? err.message : String(err)));
      return;
    }
    this.available = true;
    this.root.hidden = false;
    const raw = (answer as Record<string, unknown> | null)?.[this.source.list];
    const rows = Array.isArray(raw) ? raw.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object') : [];
    if (rows.length === 0) {
      replace(this.content, h('p', { class: 'empty' }, 'none reported'));
      return;
    }
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    replace(
      this.content,
      h(
        'table',
        { class: 'generic' },
        h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows.map((r) => h('tr', {}, ...cols.map((c) => h('td', {}, cell(r[c])))))),
      ),
    );
  }
}
