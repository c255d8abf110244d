// Checking ioredis pipeline / transaction replies: a reply error is the data's problem
// (StorageFailureError), anything else the connection's (CacheUnavailableError).
import { CacheUnavailableError, StorageFailureError } from '../errors';

/** The [error, reply] pairs of an exec(); null when the transaction was aborted. */
export type PipelineReplies = Array<[Error | null, unknown]> | null;

/** The reply at `index`, or the error it carries. */
export function checkReply<R>(replies: PipelineReplies, index: number, what: string): R {
  const entry = replies?.[index];
  if (entry === undefined) throw new CacheUnavailableError(`${what}: the pipeline was aborted`);
  if (entry[0] !== null) {
    // A reply error (e.g. INCRBY on a non-integer) is the data's problem, not the connection's.
    if (entry[0].name === 'ReplyError') throw new StorageFailureError(`redis ${what}`, entry[0]);
    throw new CacheUnavailableError(what, entry[0]);
  }
  return entry[1] as R;
}

/** Throws the first error of `replies`. */
export function checkReplies(replies: PipelineReplies, what: string): void {
  if (replies === null) throw new CacheUnavailableError(`${what}: the transaction was aborted`);
  for (let i = 0; i < replies.length; i++) checkReply(replies, i, what);
}

/** `items` in slices of `size`. */
export function chunk<E>(items: readonly E[], size: number): E[][] {
  const out: E[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
