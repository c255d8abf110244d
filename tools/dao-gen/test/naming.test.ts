import { assertPackageName, assertTableName, className, propertyName, propertyNames, quote } from '../src/naming';
import { DaoGenError } from '../src/errors';

describe('naming', () => {
  it('turns table names into PascalCase classes', () => {
    expect(className('coupon_relation')).toBe('CouponRelation');
    expect(className('userProfile')).toBe('UserProfile');
    expect(className('2fa_codes')).toBe('T2faCodes');
  });

  it('turns column names into camelCase, non-reserved identifiers', () => {
    expect(propertyName('sender_uid')).toBe('senderUid');
    expect(propertyName('ID')).toBe('id');
    expect(propertyName('class')).toBe('class_');
    expect(propertyName('1st')).toBe('_1st');
    expect(propertyName('weird name!')).toBe('weirdName');
  });

  it('keeps property names unique when two columns collide', () => {
    expect(propertyNames(['user_id', 'userId', 'USER_ID'])).toEqual(['userId', 'userId2', 'userId3']);
  });

  it('quotes strings as safe single-quoted literals', () => {
    expect(quote("it's")).toBe("'it\\'s'");
    expect(quote('a\\b"c\n')).toBe("'a\\\\b\"c\\n'");
    // The literal evaluates back to the original value.
    const value = 'x\'y"z\\\n\t';
    expect(new Function(`return ${quote(value)};`)()).toBe(value);
  });

  it('rejects table and package names that are not plain identifiers or escape dao/', () => {
    for (const bad of ['a-b', 'x;drop', '', 'a.b', '../x']) expect(() => assertTableName(bad)).toThrow(DaoGenError);
    for (const bad of ['../x', 'a/b', '.hidden', '']) expect(() => assertPackageName(bad)).toThrow(DaoGenError);
    expect(() => assertTableName('coupon_2')).not.toThrow();
    expect(() => assertPackageName('shop-api')).not.toThrow();
  });
});
