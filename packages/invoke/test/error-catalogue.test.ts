import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src';
import { INVOKE_ERROR_CODES, InvokeError } from '../src';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const documented = [...readme.matchAll(/^\| `(INV_[A-Z_]+)` \| `(\w+)` \|/gm)].map((m) => [m[1]!, m[2]!] as const);

// Constructor arguments per class, so each can be built and its code checked.
const site = { service: 's', instance: 'h:1' };
const ARGS: Record<string, unknown[]> = {
  InvalidArgumentError: ['f', 'r'],
  UnknownBalancerError: ['k', []],
  NoInstancesError: ['s'],
  ServiceNotFoundError: ['s'],
  ResolveFailedError: ['s', 'r'],
  ConnectFailedError: [site],
  TransportError: [site],
  TimeoutError: [1, site],
  DeadlineExceededError: [site],
  ClientError: [400, {}, site],
  ServerError: [500, {}, site],
  UnexpectedStatusError: [302, '', site],
  BadJsonError: [200, 'x', site],
  DecodeFailedError: [200, site],
  ResponseTooLargeError: [1, site],
};

test('the README lists exactly the exported error codes', () => {
  expect(documented.map(([code]) => code).sort()).toEqual([...INVOKE_ERROR_CODES].sort());
});

test('each documented class is exported, is an InvokeError and carries its code', () => {
  const exported = api as unknown as Record<string, new (...a: unknown[]) => InvokeError>;
  for (const [code, className] of documented) {
    const Cls = exported[className];
    expect(typeof Cls).toBe('function');
    const instance = new Cls!(...(ARGS[className] ?? []));
    expect(instance).toBeInstanceOf(InvokeError);
    expect(instance.code).toBe(code);
  }
});
