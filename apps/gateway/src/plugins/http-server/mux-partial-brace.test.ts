import { Mux } from './mux';
it('refuses a segment mixing literal text and a {param} (e.g. /a/x{id})', () => {
  const mux = new Mux();
  expect(() => mux.add({ kind: 'param', path: '/a/x{id}', methods: ['GET'] }, {}, () => undefined)).toThrow(
    expect.objectContaining({ code: 'GW_VALIDATION', field: 'config.path' }),
  );
});
