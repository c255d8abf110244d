import { join } from 'node:path';
import { loadLuaScript, type LuaScript } from '@gatehouse/foundation';

export { runLuaScript as runLua, type LuaScript } from '@gatehouse/foundation';

/** The script `<dir>/<name>-<numKeys>.lua` (default dir: the cluster's `scripts`), read once per process. */
export function luaScript(name: string, numKeys: number, dir = join(__dirname, 'scripts')): LuaScript {
  return loadLuaScript(dir, name, numKeys);
}
