import { GatewayError, GatewayErrorCodes } from '../errors';
import type { Task } from './task';

/** One error code a plugin kind raises: the HTTP status it answers with and its default message. */
export interface ErrorDefinition {
  readonly status: number;
  readonly message: string;
}

const CODE = /^GW_[A-Z0-9_]{2,60}$/;

/**
 * The error codes one plugin kind declares in its own folder (`errors.ts`). The gateway's
 * catalogue is `src/errors.ts` (engine, admin plane, boot) plus every registered kind's
 * declarations; docs/errors.md is checked against that union, so adding a plugin never edits a
 * central list. Several kinds may declare the same code (a shared vocabulary such as
 * GW_FLOW_CONTROL for every limiter) as long as they agree on its status.
 */
export class PluginErrors<K extends string = string> {
  constructor(readonly definitions: Readonly<Record<K, ErrorDefinition>>) {}

  /** The codes declared, with their statuses. */
  codes(): [K, number][] {
    return (Object.keys(this.definitions) as K[]).map((k) => [k, this.definitions[k].status]);
  }

  /** A GatewayError of `code`, for config-time and admin-plane refusals. */
  create(code: K, message: string = this.definitions[code].message, opts: { field?: string; cause?: unknown } = {}): GatewayError {
    return new GatewayError({ code, status: this.definitions[code].status }, message, opts);
  }

  /** Fails `task` with `code`: its status becomes the task's result code. */
  fail(task: Task, code: K, message: string = this.definitions[code].message): void {
    task.setError(message, this.definitions[code].status, code);
  }
}

/** Declares a plugin kind's error codes; throws on a malformed code or status. */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(defs: T): PluginErrors<keyof T & string> {
  for (const [code, d] of Object.entries(defs)) {
    if (!CODE.test(code)) throw new Error(`error code ${code} must match ${CODE.source}`);
    if (!Number.isInteger(d.status) || d.status < 400 || d.status > 599) throw new Error(`error code ${code}: status ${d.status} is not 4xx/5xx`);
    if (!d.message) throw new Error(`error code ${code} needs a default message`);
  }
  return new PluginErrors(defs as Readonly<Record<keyof T & string, ErrorDefinition>>);
}

/**
 * The whole catalogue: the core codes plus those of `kinds`. Throws when two declarations of one
 * code disagree on its status, so a clash is found at start, not by a client.
 */
export function errorCatalogue(kinds: readonly { kind: string; errors?: PluginErrors }[]): Map<string, { status: number; declaredBy: string[] }> {
  const all = new Map<string, { status: number; declaredBy: string[] }>();
  for (const [code, status] of Object.entries(GatewayErrorCodes)) all.set(code, { status, declaredBy: ['core'] });
  for (const k of kinds) {
    for (const [code, status] of k.errors?.codes() ?? []) {
      const seen = all.get(code);
      if (seen === undefined) all.set(code, { status, declaredBy: [k.kind] });
      else if (seen.status !== status) throw new Error(`${k.kind} declares ${code} with status ${status}, but ${seen.declaredBy.join(', ')} gave ${seen.status}`);
      else seen.declaredBy.push(k.kind);
    }
  }
  return all;
}
