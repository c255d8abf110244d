import { BadArgumentError } from './errors';

/** Table and column names dao-gen accepts (also safe as file names). */
const SQL_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;
/** Package folder names: one path segment, no dots, so output stays under dao/. */
const PACKAGE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
  'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with', 'constructor',
]);

/** Throws DAO_BAD_ARGUMENT unless `table` is a plain SQL identifier. */
export function assertTableName(table: string): void {
  if (!SQL_NAME.test(table)) {
    throw new BadArgumentError(`table name "${table}" must match ${SQL_NAME.source}`);
  }
}

/** Throws DAO_BAD_ARGUMENT unless `name` is one safe path segment. */
export function assertPackageName(name: string): void {
  if (!PACKAGE_NAME.test(name)) {
    throw new BadArgumentError(`package name "${name}" must match ${PACKAGE_NAME.source}`);
  }
}

/** Splits `coupon_relation`, `couponRelation` or `Coupon-Relation` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** `coupon_relation` -> `CouponRelation`; a leading digit gets a `T` prefix. */
export function className(table: string): string {
  const name = words(table)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  if (name === '') return 'Row';
  return /^[0-9]/.test(name) ? `T${name}` : name;
}

/** `sender_uid` -> `senderUid`; keeps the result a valid, non-reserved identifier. */
export function propertyName(column: string): string {
  const [first = '', ...rest] = words(column);
  let name = first + rest.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (name === '' || /^[0-9]/.test(name)) name = `_${name}`;
  return RESERVED.has(name) ? `${name}_` : name;
}

/** Property names for all columns, made unique by a numeric suffix when two collide. */
export function propertyNames(columns: readonly string[]): string[] {
  const used = new Set<string>();
  return columns.map((column) => {
    const base = propertyName(column);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    return name;
  });
}

/** A TS string literal for `value` (single quotes, escaped). */
export function quote(value: string): string {
  // JSON escaping covers backslashes and control characters; then swap the quote style.
  const body = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}
