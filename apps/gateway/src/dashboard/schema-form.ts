import { h } from './dom';
import { errorLine, fieldBox, FieldError, hintOf, inputId, kindOf, scalarInput, type FormControl } from './form-fields';
import type { JsonSchema } from './types';

/** What a generated form needs besides the schema. */
export interface SchemaFormOptions {
  /** Paths shown but not editable (the name of a spec being edited). */
  readOnly?: ReadonlySet<string>;
  /** Values offered while typing into the field called `name` (or into items of the array called so). */
  suggestions?: (name: string) => readonly string[] | undefined;
}

type Registry = Map<string, FormControl>;

/**
 * A form generated from a JSON Schema (the ones `/admin/v1/plugin-types` serves): strings,
 * numbers with their bounds, booleans, enums, arrays and nested objects get inputs; whatever a
 * form cannot express (`oneOf`, `$ref`, free-form objects…) gets a JSON editor. Every control is
 * addressed by the dotted path the server's errors name in `field` (`config.keys.0.kid`), so a
 * refusal is shown at the input it is about. Nothing is validated here: the server's answer is
 * the one truth, shown where it applies.
 */
export class SchemaForm {
  readonly el: HTMLElement;
  private readonly controls: Registry = new Map();
  private readonly root: FormControl;

  constructor(schema: JsonSchema, value: unknown, rootPath: string, private readonly opts: SchemaFormOptions = {}) {
    this.root = this.build(schema, rootPath, rootPath, value, true);
    this.el = this.root.el;
  }

  /** The config to send. Throws FieldError (already shown at its field) for a malformed JSON field. */
  read(): unknown {
    this.clearErrors();
    try {
      return this.root.read();
    } catch (err) {
      if (err instanceof FieldError) this.showError(err.field, err.message);
      throw err;
    }
  }

  /**
   * Shows `message` at the control of `field`, or at the closest enclosing one
   * (`config.keys.0.kid` inside a JSON editor of `config.keys`). False when no control matches.
   */
  showError(field: string, message: string): boolean {
    let path = field;
    for (;;) {
      const c = this.controls.get(path);
      if (c !== undefined) {
        c.showError(message);
        c.el.scrollIntoView({ block: 'nearest' });
        return true;
      }
      const dot = path.lastIndexOf('.');
      if (dot < 0) return false;
      path = path.slice(0, dot);
    }
  }

  clearErrors(): void {
    for (const c of this.controls.values()) c.clearError();
  }

  private register(c: FormControl): FormControl {
    this.controls.set(c.path, c);
    return c;
  }

  /** Forgets the controls under `path` (array items that are redrawn). */
  private unregisterUnder(path: string): void {
    for (const p of [...this.controls.keys()]) if (p.startsWith(`${path}.`)) this.controls.delete(p);
  }

  private build(s: JsonSchema, path: string, name: string, value: unknown, required: boolean): FormControl {
    const v = value === undefined ? s.default : value;
    switch (kindOf(s)) {
      case 'object':
        return this.object(s, path, name, v);
      case 'map':
        return this.map(s, path, name, v);
      case 'array':
        return this.array(s, path, name, v);
      case 'array-enum':
        return this.arrayEnum(s, path, name, v);
      case 'json':
        return this.json(s, path, name, v, required);
      default:
        return this.scalar(s, path, name, v, required);
    }
  }

  private label(name: string, forId: string | undefined, required: boolean): HTMLElement {
    return h(forId === undefined ? 'span' : 'label', forId === undefined ? { class: 'label' } : { for: forId, class: 'label' }, name, required ? h('span', { class: 'required', title: 'required' }, ' *') : null);
  }

  private scalar(s: JsonSchema, path: string, name: string, value: unknown, required: boolean): FormControl {
    const id = inputId(path);
    const suggestions = this.opts.suggestions?.(name);
    const input = scalarInput(s, id, path, value, { required, readOnly: this.opts.readOnly?.has(path) ?? false, ...(suggestions ? { suggestions } : {}) });
    const { el, error } = fieldBox(path, this.label(name, id, required), hintOf(s), input.el);
    el.classList.add(`kind-${kindOf(s)}`);
    return this.register({ path, el, read: input.read, ...errorLine(el, error, () => [input.input]) });
  }

  private object(s: JsonSchema, path: string, name: string, value: unknown): FormControl {
    const obj = isRecord(value) ? value : {};
    const required = new Set(s.required ?? []);
    const children = Object.entries(s.properties ?? {}).map(([key, child]) => ({ key, control: this.build(child, `${path}.${key}`, key, obj[key], required.has(key)) }));
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const el = h('fieldset', { class: 'field object', 'data-field': path }, h('legend', {}, name), s.description ? h('p', { class: 'hint' }, s.description) : null, error, ...children.map((c) => c.control.el));
    return this.register({
      path,
      el,
      read: () => {
        const out: Record<string, unknown> = {};
        for (const c of children) {
          const v = c.control.read();
          if (v !== undefined) out[c.key] = v;
        }
        return out;
      },
      ...errorLine(el, error, () => []),
    });
  }

  /** An object of free keys with scalar values (`header_patterns`): key/value rows. */
  private map(s: JsonSchema, path: string, name: string, value: unknown): FormControl {
    const valueSchema = s.additionalProperties as JsonSchema;
    const rows = h('div', { class: 'rows' });
    const entries: { key: HTMLInputElement; read: () => unknown }[] = [];
    const addRow = (k: string, v: unknown): void => {
      const key = h('input', { type: 'text', value: k, placeholder: 'name', 'aria-label': `${name} name`, spellcheck: 'false' });
      const input = scalarInput(valueSchema, inputId(`${path}.${k}`), `${path}.${k}`, v, { required: true, readOnly: false });
      const entry = { key, read: input.read };
      const row = h('div', { class: 'row' }, key, input.el, h('button', { type: 'button', class: 'small', onclick: () => (row.remove(), entries.splice(entries.indexOf(entry), 1)) }, 'remove'));
      entries.push(entry);
      rows.append(row);
    };
    for (const [k, v] of Object.entries(isRecord(value) ? value : {})) addRow(k, v);
    const add = h('button', { type: 'button', class: 'small', onclick: () => addRow('', valueSchema.default) }, 'add');
    const { el, error } = fieldBox(path, this.label(name, undefined, false), hintOf(s), rows, add);
    return this.register({
      path,
      el,
      read: () => Object.fromEntries(entries.filter((e) => e.key.value !== '').map((e) => [e.key.value, e.read()])),
      ...errorLine(el, error, () => [...rows.querySelectorAll('input')]),
    });
  }

  /** An array of scalars or of objects: one control per item, with add and remove. */
  private array(s: JsonSchema, path: string, name: string, value: unknown): FormControl {
    const itemSchema = s.items as JsonSchema;
    const list = h('ol', { class: 'items' });
    let items: FormControl[] = [];
    const draw = (values: unknown[]): void => {
      this.unregisterUnder(path);
      items = values.map((v, i) => this.build(itemSchema, `${path}.${i}`, name, v, true));
      list.replaceChildren(
        ...items.map((c, i) =>
          h('li', {}, c.el, h('button', { type: 'button', class: 'small', onclick: () => draw(items.map((x) => x.read()).filter((_, j) => j !== i)) }, 'remove')),
        ),
      );
    };
    draw(Array.isArray(value) ? value : []);
    const add = h('button', { type: 'button', class: 'small', onclick: () => draw([...items.map((x) => x.read()), kindOf(itemSchema) === 'object' ? {} : itemSchema.default]) }, 'add');
    const { el, error } = fieldBox(path, this.label(name, undefined, false), hintOf(s), list, add);
    return this.register({ path, el, read: () => items.map((c) => c.read()), ...errorLine(el, error, () => []) });
  }

  /** An array whose items are one of a few values (`algorithms`): a checkbox per value. */
  private arrayEnum(s: JsonSchema, path: string, name: string, value: unknown): FormControl {
    const options = (s.items as JsonSchema).enum!;
    const chosen = Array.isArray(value) ? value : [];
    const boxes = options.map((o) => h('input', { type: 'checkbox', checked: chosen.includes(o), value: String(o) }));
    const { el, error } = fieldBox(path, this.label(name, undefined, false), hintOf(s), h('div', { class: 'choices' }, ...boxes.map((b, i) => h('label', {}, b, ` ${String(options[i])}`))));
    return this.register({ path, el, read: () => options.filter((_, i) => boxes[i]!.checked), ...errorLine(el, error, () => boxes) });
  }

  /** What a form cannot express, as JSON text. */
  private json(s: JsonSchema, path: string, name: string, value: unknown, required: boolean): FormControl {
    const id = inputId(path);
    const area = h('textarea', { id, name: path, rows: 5, class: 'json', spellcheck: 'false' });
    area.value = value === undefined ? '' : JSON.stringify(value, null, 2);
    const { el, error } = fieldBox(path, this.label(`${name} (JSON)`, id, required), hintOf(s), area);
    return this.register({
      path,
      el,
      read: () => {
        if (area.value.trim() === '') return undefined;
        try {
          return JSON.parse(area.value) as unknown;
        } catch (err) {
          throw new FieldError(path, `is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
      ...errorLine(el, error, () => [area]),
    });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
