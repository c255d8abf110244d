import { type RawTable } from '../schema';
import { type DatabaseTarget } from '../database-url';

/** Options shared by the introspectors. */
export interface IntrospectOptions {
  /** Give up connecting after this many milliseconds. @default 5000 */
  connectTimeoutMs: number;
}

/** Reads one table's columns and primary key from a database catalogue. */
export type Introspector = (target: DatabaseTarget, table: string, options: IntrospectOptions) => Promise<RawTable>;
