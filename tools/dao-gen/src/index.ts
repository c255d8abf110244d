// Programmatic API of dao-gen; the `dao-gen` binary is src/cli.ts.
export * from './errors';
export { generate, type GenerateOptions, type GenerateResult } from './generate';
export { parseDatabaseUrl, type DatabaseTarget } from './database-url';
export { introspect, type IntrospectOptions } from './introspect';
export { buildTableModel } from './table-model';
export { mapType, type TypeMapping } from './type-map';
export { planFiles, outputPaths, type PlannedFile } from './plan';
export { GENERATED_MARKER, isGenerated } from './templates/header';
export { run, EXIT, type CliIo } from './cli';
export type { Dialect, RawColumn, RawTable, MappedColumn, TableModel } from './schema';
