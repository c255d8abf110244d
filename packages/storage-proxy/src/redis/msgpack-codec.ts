// msgpack via msgpackr: smaller and faster to decode than JSON; keeps Dates, Maps and binary.
// msgpackr is an optional peer: it is loaded when a msgpack codec is made, never on import, so
// users of the JSON codec need not install it.
import type { Packr } from 'msgpackr';
import type { Codec } from '../codec';
import { EncodeError, MissingDependencyError } from '../errors';

type PackrClass = new (options: { useRecords: boolean; moreTypes: boolean }) => Packr;

let loaded: PackrClass | undefined;

function loadPackr(): PackrClass {
  if (loaded !== undefined) return loaded;
  try {
    // A require at call time (not an import) is what keeps msgpackr off the JSON-only path.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = (require('msgpackr') as { Packr: PackrClass }).Packr;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw new MissingDependencyError('msgpackr', 'the msgpack codec', err);
    throw err;
  }
  return loaded;
}

/**
 * msgpack codec; refuses functions and symbols (which msgpackr would silently drop).
 * Throws MissingDependencyError when msgpackr is not installed.
 */
export function msgpackCodec<T>(): Codec<T> {
  const packr = new (loadPackr())({ useRecords: false, moreTypes: true });
  return {
    name: 'msgpack',
    encode(value: T): Buffer {
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
        throw new EncodeError('msgpack', new TypeError(`a ${typeof value} has no msgpack form`));
      }
      try {
        return packr.pack(value);
      } catch (err) {
        throw new EncodeError('msgpack', err);
      }
    },
    decode(data: Buffer): T {
      return packr.unpack(data) as T;
    },
  };
}
