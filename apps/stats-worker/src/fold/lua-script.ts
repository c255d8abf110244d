import { join } from 'node:path';
import { loadLuaScript, type LuaScript } from '@gatehouse/foundation';

export { runLuaScript as runLua, type LuaScript } from '@gatehouse/foundation';

/** The script `scripts/<name>-<numKeys>.lua` of the fold, read once per process. */
export function luaScript(name: string, numKeys: number): LuaScript {
  return loadLuaScript(join(__dirname, 'scripts'), name, numKeys);
}
