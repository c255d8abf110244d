/**
 * Bytes a task value takes in a cache: buffers and strings by their length, numbers and booleans
 * as 8, plain data by its JSON. Undefined for what must not be cached: streams (read them into a
 * buffer first, with IOReader), functions, and data JSON cannot write.
 */
export function cacheableBytes(value: unknown): number | undefined {
  if (Buffer.isBuffer(value)) return value.length;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'boolean') return 8;
  if (value === null || typeof value !== 'object') return undefined;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
  try {
    return Buffer.byteLength(JSON.stringify(value));
  } catch {
    return undefined;
  }
}
