import { Task } from '../../src/engine/task';
import { compileTemplate } from '../../src/engine/template';

const taskWith = (values: Record<string, unknown>): Task => {
  const t = new Task(undefined, 0);
  for (const [k, v] of Object.entries(values)) t.setValue(k, v);
  return t;
};

describe('{TASK_KEY} templates', () => {
  it('renders keys into literals, missing keys as empty strings', () => {
    const t = compileTemplate('http://b/{PATH}?q={Q}&m={MISSING}', 'f');
    expect(t.keys).toEqual(['PATH', 'Q', 'MISSING']);
    expect(t.constant).toBe(false);
    expect(t.render(taskWith({ PATH: 'a/b', Q: 3 }))).toBe('http://b/a/b?q=3&m=');
  });

  it('treats {{ and }} as literal braces and a template without keys as constant', () => {
    const t = compileTemplate('{{"id":"{id}"}}', 'f');
    expect(t.render(taskWith({ id: 7 }))).toBe('{"id":"7"}');
    const c = compileTemplate('plain {{x}}', 'f');
    expect(c.constant).toBe(true);
    expect(c.render(taskWith({}))).toBe('plain {x}');
  });

  it('reads lazily supplied values (CGI keys)', () => {
    const task = new Task(undefined, 0);
    task.setLazyValues((k) => (k === 'REQUEST_METHOD' ? 'PUT' : undefined));
    expect(compileTemplate('{REQUEST_METHOD}', 'f').render(task)).toBe('PUT');
  });

  it.each([
    ['an unclosed placeholder', 'abc{KEY', 4],
    ['an empty placeholder', 'a{}b', 2],
    ['a key starting with a digit', '{1abc}', 1],
    ['a key with a space', 'x{A B}', 2],
    ['an unmatched closing brace', 'ab}c', 3],
  ])('refuses a template with %s: refused naming the field and position', (_what, source, position) => {
    let err: unknown;
    try {
      compileTemplate(source, 'config.url_pattern');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'GW_VALIDATION', field: 'config.url_pattern' });
    expect((err as Error).message).toContain(`character ${position}`);
  });
});
