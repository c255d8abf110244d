import { firstJsonErrorOffset, jsonErrorPosition } from './json-position';

describe('locating a JSON syntax error', () => {
  it.each([
    ['{"pipelines": [}', 1, 16],
    ['{\n  "plugins": [\n    {"type": "HTTPServer",, "config": {}}\n  ]\n}', 3, 27],
    ['{"a": tru}', 1, 10],
    ['{"a": "x\u0001"}', 1, 9],
    ['{"a": 01}', 1, 8],
    ['{"a": 1', 1, 8],
    ['{"a": 1} trailing', 1, 10],
    ['', 1, 1],
  ])('%j fails at line %i column %i', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toEqual({ line, column });
  });

  it('finds no error in valid JSON', () => {
    expect(firstJsonErrorOffset('{"plugins": [{"type": "x", "config": {"n": -1.5e3, "b": [true, false, null], "s": "\\u00e9\\n"}}]}')).toBe(-1);
  });
});
