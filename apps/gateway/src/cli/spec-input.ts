import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { CliError, ExitCode } from './cli-error';

/** Reads all of stdin. */
async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses spec text: JSON or YAML (YAML 1.2 reads JSON as is), one spec, an array of specs, or
 * several YAML documents. Errors name `<source>:line:column`.
 */
export function parseSpecs(text: string, source: string): Record<string, unknown>[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(docs)) throw new CliError(ExitCode.USAGE, `${source}: no spec found`);
  const specs: unknown[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const at = err.linePos?.[0];
      throw new CliError(
        ExitCode.USAGE,
        `${source}${at ? `:${at.line}:${at.col}` : ''}: ${err.message.split('\n')[0]}`,
      );
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) specs.push(...(value as unknown[]));
    else specs.push(value);
  }
  if (specs.length === 0) throw new CliError(ExitCode.USAGE, `${source}: no spec found`);
  specs.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      throw new CliError(
        ExitCode.USAGE,
        `${source}: spec ${i + 1} is not an object {type, config}`,
      );
    }
  });
  return specs as Record<string, unknown>[];
}

/** Reads specs from `file`, or from stdin when `file` is `-`. */
export async function readSpecs(
  file: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = file === '-' ? await readStdin(stdin) : await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(ExitCode.USAGE, `cannot read ${file}: ${(err as Error).message}`);
  }
  return parseSpecs(text, file === '-' ? '<stdin>' : file);
}
