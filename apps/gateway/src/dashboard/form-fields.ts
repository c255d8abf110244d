import { h, type Child } from './dom';
import type { JsonSchema } from './types';

/** A value the form itself can tell is malformed (JSON that does not parse), at its field. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

/** One input of a generated form, addressed by the dotted path the server names in `field`. */
export interface FormControl {
  readonly path: string;
  /** The field's box: label, input(s), hint and error line. */
  readonly el: HTMLElement;
  /** The value to send; undefined leaves the option out so the server applies its default. */
  read(): unknown;
  showError(message: string): void;
  clearError(): void;
}

/** How a schema is edited. */
export type FieldKind = 'enum' | 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'map' | 'array-enum' | 'array' | 'json';

/** Keywords a form cannot express: a field with any of them is edited as JSON. */
const JSON_ONLY = ['oneOf', 'anyOf', 'allOf', '$ref', 'not', 'if', 'then', 'else', 'patternProperties', 'dependencies', 'dependentSchemas', 'const', 'prefixItems'];

const SCALARS = new Set<FieldKind>(['enum', 'string', 'integer', 'number', 'boolean']);

/** The editor a schema gets; anything not plainly typed falls back to a JSON editor. */
export function kindOf(s: JsonSchema): FieldKind {
  if (JSON_ONLY.some((k) => k in s)) return 'json';
  if (Array.isArray(s.enum) && s.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return 'enum';
  switch (s.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return s.type;
    case 'object':
      if (s.properties !== undefined && (s.additionalProperties === undefined || s.additionalProperties === false)) return 'object';
      if (s.properties === undefined && typeof s.additionalProperties === 'object' && SCALARS.has(kindOf(s.additionalProperties))) return 'map';
      return 'json';
    case 'array': {
      const items = s.items;
      if (items === undefined || Array.isArray(items)) return 'json';
      const k = kindOf(items);
      if (k === 'enum') return 'array-enum';
      return SCALARS.has(k) || k === 'object' ? 'array' : 'json';
    }
    default:
      return 'json';
  }
}

let nextId = 0;

/** A unique element id for the input of `path`. */
export function inputId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}-${++nextId}`;
}

/** The hint under a field: what the schema says about it. */
export function hintOf(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.description) parts.push(s.description);
  const min = s.minimum ?? s.exclusiveMinimum;
  if (min !== undefined || s.maximum !== undefined) {
    parts.push(`${min ?? '…'}${s.exclusiveMinimum !== undefined ? ' (excl.)' : ''} to ${s.maximum ?? '…'}`);
  }
  if (s.pattern) parts.push(`pattern ${s.pattern}`);
  if (s.maxLength !== undefined) parts.push(`at most ${s.maxLength} characters`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(' · ');
}

/** The box every control lives in, with its error line. */
export function fieldBox(path: string, label: Child, hint: string, ...inputs: Child[]): { el: HTMLElement; error: HTMLElement } {
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const el = h('div', { class: 'field', 'data-field': path }, label, ...inputs, hint ? h('p', { class: 'hint' }, hint) : null, error);
  return { el, error };
}

/** showError/clearError for a box whose inputs are `inputs`. */
export function errorLine(el: HTMLElement, error: HTMLElement, inputs: () => Element[]): Pick<FormControl, 'showError' | 'clearError'> {
  return {
    showError(message) {
      error.textContent = message;
      error.hidden = false;
      el.classList.add('invalid');
      for (const i of inputs()) i.setAttribute('aria-invalid', 'true');
    },
    clearError() {
      error.textContent = '';
      error.hidden = true;
      el.classList.remove('invalid');
      for (const i of inputs()) i.removeAttribute('aria-invalid');
    },
  };
}

/** Options of one scalar control. */
export interface ScalarOptions {
  required: boolean;
  readOnly: boolean;
  /** Values to offer as you type (e.g. plugin names). */
  suggestions?: readonly string[];
}

/** A scalar editor: the focusable `input`, the element `el` to place, and how to read it. */
export interface ScalarInput {
  input: HTMLElement;
  el: HTMLElement;
  read: () => unknown;
}

/** The `<input>`/`<select>`/`<textarea>` of a scalar schema, and how to read it. */
export function scalarInput(s: JsonSchema, id: string, name: string, value: unknown, opts: ScalarOptions): ScalarInput {
  const kind = kindOf(s);
  if (kind === 'enum') {
    const values = s.enum!;
    const select = h('select', { id, name, disabled: opts.readOnly });
    if (!opts.required && s.default === undefined) select.append(h('option', { value: '' }, '(not set)'));
    values.forEach((v, i) => select.append(h('option', { value: String(i), selected: v === value }, String(v))));
    return { input: select, el: select, read: () => (select.value === '' ? undefined : values[Number(select.value)]) };
  }
  if (kind === 'boolean') {
    const box = h('input', { id, name, type: 'checkbox', checked: value === true, disabled: opts.readOnly });
    return { input: box, el: box, read: () => box.checked };
  }
  if (kind === 'integer' || kind === 'number') {
    const min = s.minimum ?? s.exclusiveMinimum;
    const input = h('input', {
      id,
      name,
      type: 'number',
      step: kind === 'integer' ? 1 : 'any',
      min,
      max: s.maximum,
      value: typeof value === 'number' ? String(value) : '',
      readonly: opts.readOnly,
    });
    return { input, el: input, read: () => (input.value.trim() === '' ? undefined : Number(input.value)) };
  }
  const text = typeof value === 'string' ? value : '';
  const long = text.includes('\n') || (s.maxLength ?? 0) > 4096;
  const omitEmpty = !opts.required && s.default === undefined;
  if (long) {
    const area = h('textarea', { id, name, rows: 4, readonly: opts.readOnly, spellcheck: 'false' });
    area.value = text;
    return { input: area, el: area, read: () => (area.value === '' && omitEmpty ? undefined : area.value) };
  }
  const input = h('input', { id, name, type: 'text', value: text, readonly: opts.readOnly, spellcheck: 'false', autocomplete: 'off' });
  const read = (): unknown => (input.value === '' && omitEmpty ? undefined : input.value);
  if (opts.suggestions === undefined || opts.suggestions.length === 0) return { input, el: input, read };
  const list = h('datalist', { id: `${id}-list` }, ...opts.suggestions.map((v) => h('option', { value: v })));
  input.setAttribute('list', list.id);
  return { input, el: h('span', { class: 'with-list' }, input, list), read };
}
