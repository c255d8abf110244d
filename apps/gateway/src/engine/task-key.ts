/**
 * A typed task key: the name a value is stored under plus a runtime check of its type. Task values
 * cross between plugins that were configured separately (one writes `X_RESULT`, another reads it),
 * so the compiler cannot see both ends: the reader checks at the crossing, and a value of the wrong
 * type fails the task with a 500 naming the plugin and the key (GW_TASK_VALUE_TYPE) instead of
 * wandering on as garbage.
 */
export interface TaskKey<T> {
  readonly name: string;
  /** What the check accepts, for the error message, e.g. "a number". */
  readonly expected: string;
  is(value: unknown): value is T;
}

/** Thrown by `Task.get` on a value of the wrong type; the pipeline turns it into a 500 for the task. */
export class TaskValueTypeError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`task value "${key}" must be ${expected}, but is ${actual}`);
    this.name = 'TaskValueTypeError';
  }
}

/** A key of `name` whose values satisfy `is`. */
export function taskKey<T>(name: string, expected: string, is: (value: unknown) => value is T): TaskKey<T> {
  return { name, expected, is };
}

/** A short description of a value's type for error messages (never the value: it may be a secret). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (Buffer.isBuffer(value)) return 'a Buffer';
  const t = typeof value;
  return t === 'object' ? `an object (${(value as object).constructor?.name ?? 'Object'})` : `a ${t}`;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/** Keys of the common value types. */
export const TaskKeys = {
  string: (name: string): TaskKey<string> => taskKey(name, 'a string', isString),
  number: (name: string): TaskKey<number> => taskKey(name, 'a finite number', isFiniteNumber),
  boolean: (name: string): TaskKey<boolean> => taskKey(name, 'a boolean', isBoolean),
  /** A header map (`IncomingHttpHeaders`-like): a plain object. */
  headers: <H extends object = Record<string, string | string[] | undefined>>(name: string): TaskKey<H> =>
    taskKey(name, 'a header object', (v: unknown): v is H => isRecord(v)),
} as const;
