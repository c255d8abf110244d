// The one loader of this package's Redis scripts. Scripts live beside it as `<name>-<numKeys>.lua`
// (the build copies them into dist/), so the number of keys is read from the file name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Redis script ready for ioredis `defineCommand`. */
export interface LuaScript {
  readonly name: string;
  readonly numberOfKeys: number;
  readonly lua: string;
}

/** Loads `<name>-<numKeys>.lua` from this folder. */
export function loadLuaScript(fileBase: string): LuaScript {
  const match = /^(.+)-(\d+)$/.exec(fileBase);
  if (match === null) throw new Error(`lua script name ${fileBase} does not end in -<numKeys>`);
  const lua = readFileSync(join(__dirname, `${fileBase}.lua`), 'utf8');
  return { name: match[1]!, numberOfKeys: Number(match[2]), lua };
}
