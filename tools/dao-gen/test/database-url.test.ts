import { join } from 'node:path';
import { parseDatabaseUrl, redact } from '../src/database-url';
import { DaoGenError } from '../src/errors';

describe('database URLs', () => {
  it('recognises PostgreSQL and MySQL/MariaDB schemes', () => {
    expect(parseDatabaseUrl('postgres://u@h/db').dialect).toBe('postgres');
    expect(parseDatabaseUrl('postgresql://u@h/db').dialect).toBe('postgres');
    expect(parseDatabaseUrl('mysql://root@h/db')).toMatchObject({ dialect: 'mysql', location: 'mysql://root@h/db' });
    expect(parseDatabaseUrl('mariadb://root@h/db')).toMatchObject({ dialect: 'mysql', location: 'mysql://root@h/db' });
  });

  it('resolves SQLite paths against the working directory', () => {
    expect(parseDatabaseUrl('sqlite:data/app.db', '/proj').location).toBe(join('/proj', 'data/app.db'));
    expect(parseDatabaseUrl('sqlite://./app.db', '/proj').location).toBe(join('/proj', 'app.db'));
    expect(parseDatabaseUrl('sqlite:/abs/app.db', '/proj').location).toBe('/abs/app.db');
    expect(parseDatabaseUrl('file:app.db', '/proj').location).toBe(join('/proj', 'app.db'));
    expect(parseDatabaseUrl('file:///abs/app.db', '/proj').location).toBe('/abs/app.db');
  });

  it('rejects other schemes and in-memory SQLite with DAO_UNSUPPORTED_URL, without leaking the password', () => {
    expect(() => parseDatabaseUrl('mongodb://u:secret@h/db')).toThrow(expect.objectContaining({ code: 'DAO_UNSUPPORTED_URL' }));
    try {
      parseDatabaseUrl('mongodb://u:secret@h/db');
    } catch (err) {
      expect(err).toBeInstanceOf(DaoGenError);
      expect((err as Error).message).not.toContain('secret');
    }
    expect(() => parseDatabaseUrl('sqlite::memory:')).toThrow(expect.objectContaining({ code: 'DAO_UNSUPPORTED_URL' }));
    expect(() => parseDatabaseUrl('just-a-name')).toThrow(expect.objectContaining({ code: 'DAO_UNSUPPORTED_URL' }));
  });

  it('masks passwords in URLs it prints', () => {
    expect(redact('postgres://app:hunter2@db:5432/x')).toBe('postgres://app:***@db:5432/x');
    expect(redact('postgres://app@db/x')).toBe('postgres://app@db/x');
  });
});
