// A plugin folder raises only core codes (src/errors.ts) and the codes its own errors.ts declares,
// so docs/errors.md (checked against core + declarations) covers every code a plugin can answer.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginErrors } from '../src/engine/plugin-errors';
import { GatewayErrorCodes } from '../src/errors';

const PLUGINS = join(__dirname, '..', 'src', 'plugins');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && d.name !== 'errors.ts' ? [join(dir, d.name)] : [],
  );
}

function raisedCodes(folder: string): Set<string> {
  return new Set(sourceFiles(join(PLUGINS, folder)).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'(GW_[A-Z0-9_]+)'/g)].map((m) => m[1]!)));
}

async function declaredCodes(folder: string): Promise<Set<string>> {
  const file = join(PLUGINS, folder, 'errors.ts');
  if (!existsSync(file)) return new Set();
  const mod = (await import(file)) as Record<string, unknown>;
  return new Set(Object.values(mod).flatMap((v) => (v instanceof PluginErrors ? v.codes().map(([c]) => c) : [])));
}

describe('plugin folders declare the error codes they raise', () => {
  const folders = readdirSync(PLUGINS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'shared')
    .map((d) => d.name);

  it.each(folders)('%s raises only core codes and its own declared ones', async (folder) => {
    const declared = await declaredCodes(folder);
    const undeclared = [...raisedCodes(folder)].filter((c) => !(c in GatewayErrorCodes) && !declared.has(c));
    expect(undeclared).toEqual([]);
  });
});
