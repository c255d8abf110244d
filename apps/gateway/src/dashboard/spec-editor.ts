import { ApiError, type Api } from './api';
import { h, replace } from './dom';
import { FieldError } from './form-fields';
import { SchemaForm } from './schema-form';
import type { Spec, TypeInfo } from './types';

/** Plugins or pipelines: what differs between the two in the admin API. */
export interface SpecKind {
  /** "plugin" | "pipeline" */
  readonly noun: 'plugin' | 'pipeline';
  /** `admin/v1/plugins` */
  readonly collection: string;
  /** `plugin_name` */
  readonly nameKey: string;
}

export const PLUGIN_KIND: SpecKind = { noun: 'plugin', collection: 'admin/v1/plugins', nameKey: 'plugin_name' };
export const PIPELINE_KIND: SpecKind = { noun: 'pipeline', collection: 'admin/v1/pipelines', nameKey: 'pipeline_name' };

/** What the editor is built from. */
export interface SpecEditorOptions {
  api: Api;
  kind: SpecKind;
  types: readonly TypeInfo[];
  /** The stored spec to edit; undefined creates a new one. */
  spec?: Spec;
  /** Values offered while typing into a field of that name. */
  suggestions: (name: string) => readonly string[] | undefined;
  /** A note to show above the buttons at first (what the last change did). */
  notice?: string;
  /** After a successful create, update or delete (the spec is undefined after a delete), with what to tell. */
  onSaved: (spec: Spec | undefined, notice: string) => void;
}

/**
 * Views and edits one plugin or pipeline spec: its stored JSON, a form generated from its type's
 * JSON Schema, Save (PUT, or POST for a new one) and Delete (after a second click). The server
 * decides: its refusal is shown at the field it names, or above the form when it names none.
 */
export class SpecEditor {
  readonly root: HTMLElement;
  private readonly message = h('p', { class: 'form-message', role: 'status' });
  private readonly formSlot = h('div');
  private form: SchemaForm | undefined;
  private type: string;

  constructor(private readonly o: SpecEditorOptions) {
    const creating = o.spec === undefined;
    this.type = o.spec?.type ?? o.types[0]?.type ?? '';
    const name = o.spec ? String(o.spec.config[o.kind.nameKey]) : undefined;
    const typeSelect = h('select', { id: 'spec-type', name: 'type', disabled: !creating }, ...o.types.map((t) => h('option', { value: t.type, selected: t.type === this.type }, t.type)));
    typeSelect.addEventListener('change', () => {
      this.type = typeSelect.value;
      this.drawForm(undefined);
    });
    const save = h('button', { type: 'submit', class: 'primary', id: 'spec-save' }, creating ? `Create ${o.kind.noun}` : 'Save');
    const formEl = h('form', { class: 'spec-form', novalidate: true }, h('div', { class: 'field' }, h('label', { for: 'spec-type', class: 'label' }, 'type'), typeSelect), this.formSlot, this.message, h('div', { class: 'actions' }, save, creating ? null : this.deleteButton(name!)));
    formEl.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.submit(creating, save);
    });
    this.root = h(
      'div',
      { class: 'spec-editor' },
      h('h2', {}, creating ? `New ${o.kind.noun}` : `${o.kind.noun === 'plugin' ? 'Plugin' : 'Pipeline'} ${name} `, creating ? null : h('span', { class: 'type' }, o.spec!.type)),
      o.spec ? h('details', { class: 'spec-json' }, h('summary', {}, 'stored spec (JSON)'), h('pre', { id: 'spec-json' }, JSON.stringify(o.spec, null, 2))) : null,
      formEl,
    );
    this.drawForm(o.spec?.config);
    if (o.notice) this.setMessage('ok', o.notice);
  }

  private drawForm(config: Record<string, unknown> | undefined): void {
    const info = this.o.types.find((t) => t.type === this.type);
    if (info === undefined) {
      replace(this.formSlot, h('p', { class: 'error' }, `unknown type ${this.type}`));
      this.form = undefined;
      return;
    }
    const readOnly = new Set(this.o.spec ? [`config.${this.o.kind.nameKey}`] : []);
    this.form = new SchemaForm(info.schema, config, 'config', { readOnly, suggestions: this.o.suggestions });
    replace(this.formSlot, h('p', { class: 'hint' }, info.description), this.form.el);
    this.setMessage('', '');
  }

  private async submit(creating: boolean, button: HTMLButtonElement): Promise<void> {
    if (this.form === undefined) return;
    let config: unknown;
    try {
      config = this.form.read();
    } catch (err) {
      if (err instanceof FieldError) return this.setMessage('error', `${err.field} ${err.message}`);
      throw err;
    }
    button.disabled = true;
    this.setMessage('', creating ? 'Creating…' : 'Saving…');
    try {
      const stored = await this.o.api.send<Spec>(creating ? 'POST' : 'PUT', this.o.kind.collection, { type: this.type, config });
      const notice = creating ? 'Created; it is live.' : 'Saved; it is live.';
      this.setMessage('ok', notice);
      this.o.onSaved(stored, notice);
    } catch (err) {
      this.showFailure(err);
    } finally {
      button.disabled = false;
    }
  }

  private deleteButton(name: string): HTMLElement {
    let armed = false;
    const button = h('button', { type: 'button', class: 'danger', id: 'spec-delete' }, 'Delete');
    button.addEventListener('click', () => {
      if (!armed) {
        armed = true;
        button.textContent = `Really delete ${name}?`;
        return;
      }
      button.disabled = true;
      this.o.api.send('DELETE', `${this.o.kind.collection}/${encodeURIComponent(name)}`).then(
        () => this.o.onSaved(undefined, `Deleted ${this.o.kind.noun} ${name}.`),
        (err: unknown) => {
          armed = false;
          button.disabled = false;
          button.textContent = 'Delete';
          this.showFailure(err);
        },
      );
    });
    return button;
  }

  private showFailure(err: unknown): void {
    if (!(err instanceof ApiError)) {
      this.setMessage('error', err instanceof Error ? err.message : String(err));
      return;
    }
    const atField = err.field !== undefined && this.form !== undefined && this.form.showError(err.field, err.message);
    this.setMessage('error', `${err.code}: ${err.message}${atField ? '' : err.field ? ` (${err.field})` : ''}`);
  }

  private setMessage(kind: '' | 'ok' | 'error', text: string): void {
    this.message.className = `form-message ${kind}`;
    this.message.textContent = text;
  }
}
