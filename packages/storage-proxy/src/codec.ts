// How a byte-oriented cache (Redis) turns objects into bytes and back.
import { EncodeError } from './errors';

/** Encodes values of T to bytes and back; `decode` may throw, the storage wraps it in DecodeError. */
export interface Codec<T> {
  /** Name shown in errors. */
  readonly name: string;
  /** Bytes (or a string) for `value`; throws when the value cannot be encoded. */
  encode(value: T): Buffer | string;
  /** The value encoded in `data`. */
  decode(data: Buffer): T;
}

/** JSON: readable in redis-cli; refuses undefined, functions, BigInt and cycles. */
export function jsonCodec<T>(): Codec<T> {
  return {
    name: 'json',
    encode(value: T): string {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (err) {
        throw new EncodeError('json', err);
      }
      if (text === undefined) throw new EncodeError('json', new TypeError(`a ${typeof value} has no JSON form`));
      return text;
    },
    decode(data: Buffer): T {
      return JSON.parse(data.toString('utf8')) as T;
    },
  };
}
