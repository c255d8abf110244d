import { buildTableModel } from '../src/table-model';
import { column, couponRelation } from './fixtures';

describe('key column resolution', () => {
  it('keys by the single-column primary key by default', () => {
    const model = buildTableModel(couponRelation(), 'shop');
    expect(model.key.name).toBe('id');
    expect(model.keyFromArgument).toBe(false);
    expect(model.className).toBe('CouponRelation');
    expect(model.columns.map((c) => c.property)).toEqual(['id', 'senderUid', 'amount', 'note', 'createdAt']);
  });

  it('keys by the column given on the command line (the demo keys coupon_relation by sender_uid)', () => {
    const model = buildTableModel(couponRelation(), 'shop', 'sender_uid');
    expect(model.key.property).toBe('senderUid');
    expect(model.keyFromArgument).toBe(true);
    // The primary key stays the entity's primary column.
    expect(model.columns.filter((c) => c.primary).map((c) => c.name)).toEqual(['id']);
  });

  it('refuses a table without a primary key unless a key column is given', () => {
    const raw = couponRelation({ primaryKey: [] });
    expect(() => buildTableModel(raw, 'shop')).toThrow(expect.objectContaining({ code: 'DAO_NO_PRIMARY_KEY' }));
    const model = buildTableModel(raw, 'shop', 'sender_uid');
    // TypeORM needs a primary column, so the key column plays it.
    expect(model.columns.filter((c) => c.primary).map((c) => c.name)).toEqual(['sender_uid']);
  });

  it('refuses a composite primary key unless a key column is given', () => {
    const raw = couponRelation({ primaryKey: ['id', 'sender_uid'] });
    expect(() => buildTableModel(raw, 'shop')).toThrow(expect.objectContaining({ code: 'DAO_COMPOSITE_KEY' }));
    expect(buildTableModel(raw, 'shop', 'sender_uid').key.name).toBe('sender_uid');
  });

  it('refuses a key column the table does not have', () => {
    expect(() => buildTableModel(couponRelation(), 'shop', 'nope')).toThrow(expect.objectContaining({ code: 'DAO_KEY_COLUMN_NOT_FOUND' }));
  });

  it('refuses a key column that is not a string or number', () => {
    expect(() => buildTableModel(couponRelation(), 'shop', 'created_at')).toThrow(expect.objectContaining({ code: 'DAO_UNSUPPORTED_KEY_TYPE' }));
  });

  it('refuses a column type without a mapping, naming the column and type', () => {
    const raw = couponRelation();
    raw.columns.push(column('area', 'polygon'));
    expect(() => buildTableModel(raw, 'shop')).toThrow(expect.objectContaining({ code: 'DAO_UNSUPPORTED_TYPE', message: expect.stringContaining('coupon_relation.area" has type "polygon"') }));
  });
});
