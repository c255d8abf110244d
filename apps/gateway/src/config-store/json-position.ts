/** Line and column (1-based) of character `offset` in `text`. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where JSON.parse failed: V8 says "at position N" or "line L column C" depending on version;
 * unexpected end of input is the end of the text.
 */
export function jsonErrorPosition(text: string, err: Error): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(err.message);
  if (pos) return lineColumnOf(text, Number(pos[1]));
  return lineColumnOf(text, text.length);
}
