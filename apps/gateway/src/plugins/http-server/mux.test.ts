import { Mux, type RouteHandler, type RouteRegistration, type RouteSpec } from './mux';

/** A mux whose registrations serve at once; reserving before serving is tested on its own below. */
function liveMux(): Mux {
  const mux = new Mux();
  const reserve = mux.add.bind(mux);
  mux.add = (spec: RouteSpec, owner: object, h: RouteHandler): RouteRegistration => {
    const reg = reserve(spec, owner, h);
    reg.activate();
    return reg;
  };
  return mux;
}

const handler = (tag: string): RouteHandler & { tag: string } => Object.assign(() => undefined, { tag });
const tagOf = (mux: Mux, path: string, method = 'GET'): string | string[] | undefined => {
  const m = mux.match(path);
  if (!m) return undefined;
  const h = Mux.handlerFor(m.node, method);
  return typeof h === 'function' ? (h as unknown as { tag: string }).tag : h;
};

describe('HTTP server mux', () => {
  const owner = {};

  it('matches static, param and {rest...} routes; statics beat params beat rest', () => {
    const mux = liveMux();
    mux.add({ kind: 'param', path: '/users/me', methods: ['GET'] }, owner, handler('static'));
    mux.add({ kind: 'param', path: '/users/{id}', methods: ['GET'] }, owner, handler('param'));
    mux.add({ kind: 'param', path: '/users/{id}/posts/{post}', methods: ['GET'] }, owner, handler('nested'));
    mux.add({ kind: 'param', path: '/users/{rest...}', methods: ['GET'] }, owner, handler('rest'));
    expect(tagOf(mux, '/users/me')).toBe('static');
    expect(tagOf(mux, '/users/42')).toBe('param');
    expect(mux.match('/users/42')!.params).toEqual({ id: '42' });
    expect(tagOf(mux, '/users/42/posts/9')).toBe('nested');
    expect({ ...mux.match('/users/42/posts/9')!.params }).toEqual({ id: '42', post: '9' });
    expect(tagOf(mux, '/users/42/likes')).toBe('rest');
    expect({ ...mux.match('/users/42/likes')!.params }).toEqual({ rest: '42/likes' });
    expect(mux.match('/other')).toBeUndefined();
    expect(mux.match('/users')).toBeUndefined();
  });

  it('percent-decodes param values (and leaves invalid escapes as they are)', () => {
    const mux = liveMux();
    mux.add({ kind: 'param', path: '/files/{name}', methods: ['GET'] }, owner, handler('f'));
    mux.add({ kind: 'param', path: '/all/{rest...}', methods: ['GET'] }, owner, handler('r'));
    expect(mux.match('/files/a%20b%2Fc')!.params['name']).toBe('a b/c');
    expect(mux.match('/files/100%')!.params['name']).toBe('100%');
    expect(mux.match('/all/x%C3%A9/y')!.params['rest']).toBe('xé/y');
  });

  it('tries regexp routes after param routes, highest priority first, then in order of registration', () => {
    const mux = liveMux();
    mux.add({ kind: 'regex', pattern: '/v[0-9]+/.*', priority: 0, methods: ['GET'] }, owner, handler('low'));
    mux.add({ kind: 'regex', pattern: '/v(?<ver>[0-9]+)/items', priority: 10, methods: ['GET'] }, owner, handler('high'));
    mux.add({ kind: 'regex', pattern: '/v1/.*', priority: 0, methods: ['GET'] }, owner, handler('low-later'));
    mux.add({ kind: 'param', path: '/v1/items', methods: ['GET'] }, owner, handler('static'));
    expect(tagOf(mux, '/v1/items')).toBe('static');
    expect(tagOf(mux, '/v2/items')).toBe('high');
    expect(mux.match('/v2/items')!.params).toEqual({ ver: '2' });
    expect(tagOf(mux, '/v1/other')).toBe('low');
    expect(tagOf(mux, '/x/v1/items')).toBeUndefined(); // anchored at the start
  });

  it('tells 405 (path known, method not) from 404 (path unknown)', () => {
    const mux = liveMux();
    mux.add({ kind: 'param', path: '/a', methods: ['GET', 'HEAD'] }, owner, handler('a'));
    expect(tagOf(mux, '/a', 'DELETE')).toEqual(['GET', 'HEAD']);
    expect(tagOf(mux, '/b', 'DELETE')).toBeUndefined();
  });

  it('refuses a route another owner serves for the same method, allows other methods', () => {
    const mux = liveMux();
    const other = {};
    mux.add({ kind: 'param', path: '/a/{id}', methods: ['GET'] }, owner, handler('mine'));
    expect(() => mux.add({ kind: 'param', path: '/a/{id}', methods: ['GET', 'POST'] }, other, handler('theirs'))).toThrow(
      expect.objectContaining({ code: 'GW_ROUTE_CONFLICT' }),
    );
    expect(tagOf(mux, '/a/1', 'POST')).toEqual(['GET']); // nothing half-registered
    mux.add({ kind: 'param', path: '/a/{id}', methods: ['POST'] }, other, handler('theirs'));
    expect(tagOf(mux, '/a/1', 'POST')).toBe('theirs');
    expect(() => mux.add({ kind: 'param', path: '/a/{other}', methods: ['PUT'] }, other, handler('x'))).toThrow(
      expect.objectContaining({ code: 'GW_ROUTE_CONFLICT' }),
    );
    mux.add({ kind: 'regex', pattern: '/r.*', priority: 0, methods: ['GET'] }, owner, handler('r'));
    expect(() => mux.add({ kind: 'regex', pattern: '/r.*', priority: 0, methods: ['GET'] }, other, handler('r2'))).toThrow(
      expect.objectContaining({ code: 'GW_ROUTE_CONFLICT', field: 'config.path_regex' }),
    );
  });

  it('stacks registrations of one owner: the newest serves, removing it gives the route back', () => {
    const mux = liveMux();
    const oldReg = mux.add({ kind: 'param', path: '/s', methods: ['GET'] }, owner, handler('old'));
    const newReg = mux.add({ kind: 'param', path: '/s', methods: ['GET'] }, owner, handler('new'));
    expect(tagOf(mux, '/s')).toBe('new');
    newReg.remove();
    expect(tagOf(mux, '/s')).toBe('old');
    oldReg.remove();
    expect(mux.match('/s')).toBeUndefined();
  });

  it('a reserved route serves nothing until activated, yet already blocks other owners', () => {
    const mux = new Mux();
    const reg = mux.add({ kind: 'param', path: '/p/{id}', methods: ['GET'] }, owner, handler('p'));
    expect(mux.match('/p/1')).toBeUndefined();
    expect(() => mux.add({ kind: 'param', path: '/p/{id}', methods: ['GET'] }, {}, handler('q'))).toThrow(/already served/);
    reg.activate();
    expect(tagOf(mux, '/p/1')).toBe('p');
    reg.remove();
    expect(mux.match('/p/1')).toBeUndefined();
  });

  it('a pending newer registration leaves the active older one serving', () => {
    const mux = new Mux();
    mux.add({ kind: 'param', path: '/s', methods: ['GET'] }, owner, handler('old')).activate();
    const pending = mux.add({ kind: 'param', path: '/s', methods: ['GET', 'POST'] }, owner, handler('new'));
    expect(tagOf(mux, '/s')).toBe('old');
    expect(tagOf(mux, '/s', 'POST')).toEqual(['GET']);
    pending.activate();
    expect(tagOf(mux, '/s', 'POST')).toBe('new');
  });

  it('refuses malformed param paths', () => {
    const mux = liveMux();
    expect(() => mux.add({ kind: 'param', path: 'no-slash', methods: ['GET'] }, owner, handler('x'))).toThrow(
      expect.objectContaining({ code: 'GW_VALIDATION', field: 'config.path' }),
    );
    expect(() => mux.add({ kind: 'param', path: '/a/{rest...}/b', methods: ['GET'] }, owner, handler('x'))).toThrow(
      expect.objectContaining({ code: 'GW_VALIDATION' }),
    );
    expect(() => mux.add({ kind: 'param', path: '/a/{id}/x{y}', methods: ['GET'] }, owner, handler('x'))).toThrow(
      expect.objectContaining({ code: 'GW_VALIDATION' }),
    );
    expect(() => mux.add({ kind: 'regex', pattern: '/(', priority: 0, methods: ['GET'] }, owner, handler('x'))).toThrow(
      expect.objectContaining({ code: 'GW_VALIDATION', field: 'config.path_regex' }),
    );
  });
});
