// A cheap structural estimate of an object's heap footprint, for MemoryStorage's byte bound.
// Exactness is not the goal: it must grow with the object and cost far less than encoding it.

const OBJECT_OVERHEAD = 16;
const SLOT = 8;

/** Estimated bytes held by `value`: strings count 2 bytes a character, each slot 8 bytes. */
export function estimateBytes(value: unknown): number {
  return walk(value, 0, new Set<object>());
}

function walk(value: unknown, depth: number, seen: Set<object>): number {
  switch (typeof value) {
    case 'string':
      return OBJECT_OVERHEAD + value.length * 2;
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'symbol':
    case 'function':
      return SLOT;
    case 'bigint':
      return OBJECT_OVERHEAD + SLOT;
    default:
      break;
  }
  if (value === null) return SLOT;
  const obj = value as object;
  // A cycle or a very deep tree is counted once; the bound is approximate by design.
  if (seen.has(obj) || depth > 32) return SLOT;
  seen.add(obj);
  if (ArrayBuffer.isView(obj)) return OBJECT_OVERHEAD + obj.byteLength;
  if (obj instanceof Map) {
    let total = OBJECT_OVERHEAD;
    for (const [k, v] of obj) total += SLOT * 2 + walk(k, depth + 1, seen) + walk(v, depth + 1, seen);
    return total;
  }
  if (obj instanceof Set) {
    let total = OBJECT_OVERHEAD;
    for (const v of obj) total += SLOT + walk(v, depth + 1, seen);
    return total;
  }
  if (Array.isArray(obj)) {
    let total = OBJECT_OVERHEAD;
    for (const v of obj) total += SLOT + walk(v, depth + 1, seen);
    return total;
  }
  if (obj instanceof Date) return OBJECT_OVERHEAD + SLOT;
  let total = OBJECT_OVERHEAD;
  for (const k of Object.keys(obj)) {
    total += SLOT + k.length + walk((obj as Record<string, unknown>)[k], depth + 1, seen);
  }
  return total;
}
