import { type RawColumn, type RawTable } from '../src/schema';

/** A column with everything off unless given. */
export function column(name: string, dbType: string, extra: Partial<RawColumn> = {}): RawColumn {
  return { name, dbType, nullable: false, generated: false, hasDefault: false, ...extra };
}

/** The talk's demo table: coupon_relation with an auto-increment id. */
export function couponRelation(overrides: Partial<RawTable> = {}): RawTable {
  return {
    dialect: 'postgres',
    table: 'coupon_relation',
    columns: [
      column('id', 'int4', { generated: true, generationStrategy: 'increment' }),
      column('sender_uid', 'varchar', { length: 64 }),
      column('amount', 'numeric', { precision: 10, scale: 2 }),
      column('note', 'text', { nullable: true }),
      column('created_at', 'timestamptz', { hasDefault: true }),
    ],
    primaryKey: ['id'],
    ...overrides,
  };
}
