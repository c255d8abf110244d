import { quote } from '../naming';
import { type MappedColumn, type TableModel } from '../schema';
import { header } from './header';

/** Renders `models/<table>_gen.ts`: the TypeORM entity, one property per column. */
export function renderModel(model: TableModel): string {
  const decorators = new Set<string>(['Entity']);
  const members = model.columns.map((column) => {
    const { decorator, text } = columnDecorator(column, model.dialect);
    decorators.add(decorator);
    const type = column.nullable ? `${column.tsType} | null` : column.tsType;
    return [`  /** ${describeColumn(column)} */`, `  ${text}`, `  ${column.property}!: ${type};`].join('\n');
  });
  return [
    header(model),
    `import { ${[...decorators].sort().join(', ')} } from 'typeorm';`,
    '',
    `/** One row of table "${model.table}". */`,
    `@Entity({ name: ${quote(model.table)} })`,
    `export class ${model.className} {`,
    members.join('\n\n'),
    '}',
    '',
  ].join('\n');
}

/** Renders `models/<table>.ts` once: the hand-owned module the rest of the app imports. */
export function renderModelScaffold(model: TableModel): string {
  return [
    `// Hand-written: dao-gen created this file once and never touches it again. The entity itself is`,
    `// generated in ./${model.table}_gen.ts; add helpers or re-exports here.`,
    `export { ${model.className} } from './${model.table}_gen';`,
    '',
  ].join('\n');
}

function columnDecorator(column: MappedColumn, dialect: TableModel['dialect']): { decorator: string; text: string } {
  const options = [`name: ${quote(column.name)}`];
  if (column.primary && column.generated) {
    if (column.generationStrategy === 'uuid') return { decorator: 'PrimaryGeneratedColumn', text: `@PrimaryGeneratedColumn('uuid', { ${options.join(', ')} })` };
    options.push(`type: ${quote(column.ormType)}`);
    if (dialect === 'postgres') {
      // TypeORM leaves 'increment' keys out of every INSERT on PostgreSQL, so an upsert (set) of a
      // known key would insert a new row. The 'identity' strategy inserts the key when given and
      // DEFAULT (nextval / identity) when not, which suits serial and BY DEFAULT identity columns.
      options.push("generatedIdentity: 'BY DEFAULT'");
      return { decorator: 'PrimaryGeneratedColumn', text: `@PrimaryGeneratedColumn('identity', { ${options.join(', ')} })` };
    }
    return { decorator: 'PrimaryGeneratedColumn', text: `@PrimaryGeneratedColumn({ ${options.join(', ')} })` };
  }
  options.push(`type: ${quote(column.ormType)}`);
  if (column.length !== undefined) options.push(`length: ${column.length}`);
  if (column.precision !== undefined) options.push(`precision: ${column.precision}`, `scale: ${column.scale ?? 0}`);
  if (column.nullable) options.push('nullable: true');
  if (dialect === 'sqlite' && column.defaultExpression !== undefined) options.push(`default: () => ${quote(column.defaultExpression)}`);
  const decorator = column.primary ? 'PrimaryColumn' : 'Column';
  return { decorator, text: `@${decorator}({ ${options.join(', ')} })` };
}

function describeColumn(column: MappedColumn): string {
  const notes = [column.dbType];
  if (column.primary) notes.push('primary key');
  if (column.generated) notes.push('assigned by the database');
  else if (column.hasDefault) notes.push('has a database default');
  if (column.nullable) notes.push('nullable');
  return `Column ${JSON.stringify(column.name)}: ${notes.join(', ')}.`.replace(/\*\//g, '*\\/');
}
