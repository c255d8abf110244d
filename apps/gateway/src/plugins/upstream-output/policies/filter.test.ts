import { isGatewayError } from '../../../errors';
import { Task } from '../../../engine/task';
import { FilterPick } from './filter';

function task(values: Record<string, unknown>): Task {
  const t = new Task(undefined, 0);
  for (const [k, v] of Object.entries(values)) t.setValue(k, v);
  return t;
}

describe('filter', () => {
  const f = new FilterPick([{ HTTP_X_CANARY: '^yes$', REQUEST_METHOD: '^GET$' }, { HTTP_X_CANARY: '^yes$' }, {}]);

  it('the first target whose conditions all match wins', () => {
    expect(f.pick(task({ HTTP_X_CANARY: 'yes', REQUEST_METHOD: 'GET' }))).toBe(0);
    expect(f.pick(task({ HTTP_X_CANARY: 'yes', REQUEST_METHOD: 'POST' }))).toBe(1);
    expect(f.pick(task({ HTTP_X_CANARY: 'no' }))).toBe(2);
  });

  it('no match picks none (503); a missing value matches as ""', () => {
    const strict = new FilterPick([{ HTTP_X_CANARY: 'yes' }]);
    expect(strict.pick(task({}))).toBe(-1);
    expect(new FilterPick([{ HTTP_X_CANARY: '^$' }]).pick(task({}))).toBe(0);
  });

  it('literal conditions (^x$, ^prefix) behave exactly like the regexes they are', () => {
    const g = new FilterPick([{ P: '^/v2/' }, { M: '^GET$' }, { M: 'GE.' }, { P: '^a.b$' }]);
    expect(g.pick(task({ P: '/v2/users' }))).toBe(0);
    expect(g.pick(task({ P: '/v1/v2/' }))).toBe(-1);
    expect(g.pick(task({ M: 'GET' }))).toBe(1);
    expect(g.pick(task({ M: 'GETX' }))).toBe(2);
    expect(g.pick(task({ P: 'axb' }))).toBe(3);
  });

  it('refuses a pattern the safe-regex check refuses, naming the field', () => {
    let err: unknown;
    try {
      new FilterPick([{}, { UID: '(a)\\1' }]);
    } catch (e) {
      err = e;
    }
    expect(isGatewayError(err) && err.field).toBe('config.filter_conditions.1.UID');
  });
});
