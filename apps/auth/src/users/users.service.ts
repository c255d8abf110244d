// Creating accounts: validated credentials in, a hashed row out.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gatehouse/foundation';
import { UserEntity } from '../database/user.entity';
import { UsersStore } from '../database/users.store';
import type { Credentials } from '../http/credentials';
import type { PasswordHasher } from '../password/password-hasher';
import { CLOCK, PASSWORD_HASHER } from '../tokens';

/** A created user as the API returns it (never the hash). */
export interface CreatedUser {
  readonly id: string;
  readonly username: string;
}

/** Creates users. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(UsersStore) private readonly users: UsersStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Hashes the password and inserts the user; throws UsernameTaken or DatabaseUnavailable. */
  async create(credentials: Credentials): Promise<CreatedUser> {
    const user = new UserEntity();
    user.id = randomUUID();
    user.username = credentials.username;
    user.passwordHash = await this.hasher.hash(credentials.password);
    user.createdAt = new Date(this.clock.now());
    user.disabled = false;
    await this.users.insert(user);
    return { id: user.id, username: user.username };
  }
}
