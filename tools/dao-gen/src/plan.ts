import { type TableModel } from './schema';
import { renderDao } from './templates/dao';
import { renderModel, renderModelScaffold } from './templates/model';
import { renderStorage } from './templates/storage';

/** One output file: `generated` files are rewritten, `scaffold` files are written once if absent. */
export interface PlannedFile {
  /** Path relative to the output root, with forward slashes. */
  path: string;
  content: string;
  kind: 'generated' | 'scaffold';
}

/** Output paths of a table, relative to the project root. */
export function outputPaths(table: string, packageName: string): { model: string; modelScaffold: string; dao: string; storage: string } {
  return {
    model: `models/${table}_gen.ts`,
    modelScaffold: `models/${table}.ts`,
    dao: `dao/${packageName}/${table}_dao_gen.ts`,
    storage: `dao/${packageName}/${table}_storage_gen.ts`,
  };
}

/** Renders every file for `model` in memory; nothing touches the disk here. */
export function planFiles(model: TableModel): PlannedFile[] {
  const paths = outputPaths(model.table, model.packageName);
  return [
    { path: paths.model, content: renderModel(model), kind: 'generated' },
    { path: paths.modelScaffold, content: renderModelScaffold(model), kind: 'scaffold' },
    { path: paths.dao, content: renderDao(model), kind: 'generated' },
    { path: paths.storage, content: renderStorage(model), kind: 'generated' },
  ];
}
