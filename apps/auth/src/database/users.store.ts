// Data access for users. Every driver failure is translated here, once: a unique-key violation
// becomes UsernameTakenError and anything else DatabaseUnavailableError, so controllers and
// services never see driver errors and a dead database always answers 503.
import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, QueryFailedError, type Repository } from 'typeorm';
import { DatabaseUnavailableError, UsernameTakenError } from '../errors';
import { DATA_SOURCE } from '../tokens';
import { UserEntity } from './user.entity';

/** Whether a driver error is a unique-constraint violation (PostgreSQL 23505, SQLite UNIQUE). */
function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: unknown } | undefined;
  const code = driverError?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Reads and writes the users table. */
@Injectable()
export class UsersStore {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  private repo(): Repository<UserEntity> {
    if (!this.dataSource.isInitialized) {
      throw new DatabaseUnavailableError('the database connection is closed');
    }
    return this.dataSource.getRepository(UserEntity);
  }

  /** The user with this exact username, or null. */
  async findByUsername(username: string): Promise<UserEntity | null> {
    try {
      return await this.repo().findOne({ where: { username } });
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /** Inserts a new user; throws UsernameTakenError when the username exists. */
  async insert(user: UserEntity): Promise<void> {
    try {
      await this.repo().insert(user);
    } catch (err) {
      if (isUniqueViolation(err)) throw new UsernameTakenError('username is already taken', { cause: err, field: 'username' });
      throw this.unavailable(err);
    }
  }

  /** Replaces a user's password hash (rehash on login). */
  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    try {
      await this.repo().update({ id }, { passwordHash });
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /** Runs a trivial query; throws DatabaseUnavailableError when the database does not answer. */
  async ping(): Promise<void> {
    try {
      await this.repo().query('SELECT 1');
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  private unavailable(err: unknown): DatabaseUnavailableError {
    if (err instanceof DatabaseUnavailableError) return err;
    return new DatabaseUnavailableError('the database is unavailable', { cause: err });
  }
}
