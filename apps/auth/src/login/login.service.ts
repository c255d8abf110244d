// The login decision. Unknown user, wrong password and disabled account all end in the same
// InvalidCredentialsError after the same scrypt work (a dummy verify when there is no user), so
// neither the body nor the timing tells an attacker which usernames exist.
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { UsersStore } from '../database/users.store';
import { InvalidCredentialsError } from '../errors';
import type { PasswordHasher } from '../password/password-hasher';
import type { LoginThrottle } from '../throttle/login-throttle';
import { LOGGER, LOGIN_THROTTLE, PASSWORD_HASHER } from '../tokens';

/** Result of a successful login. */
export interface LoginResult {
  /** The user's id, sent to the gateway as X-UID. */
  readonly uid: string;
}

/** Checks credentials and keeps stored hashes at the current cost. */
@Injectable()
export class LoginService {
  constructor(
    @Inject(UsersStore) private readonly users: UsersStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(LOGIN_THROTTLE) private readonly throttle: LoginThrottle,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Authenticates; throws TooManyAttempts, InvalidCredentials, Overloaded or DatabaseUnavailable. */
  async login(username: string, password: string, clientAddress: string): Promise<LoginResult> {
    const { knownAddress } = await this.throttle.attempt(username, clientAddress);
    // A login from an address this user logged in from waits in the hashing queue's first lane.
    const priority = knownAddress ? 'known' : 'normal';
    // Shed before the database lookup when the hash would be (the same for every username).
    this.hasher.limiter.assertRoom(priority);
    const user = await this.users.findByUsername(username);
    if (user === null) {
      await this.hasher.verifyDummy(password, priority);
      throw new InvalidCredentialsError();
    }
    const matches = await this.hasher.verify(password, user.passwordHash, priority);
    // A disabled account is refused only after the full verify, so it looks like a wrong password.
    if (!matches || user.disabled) throw new InvalidCredentialsError();
    if (this.hasher.needsRehash(user.passwordHash)) await this.rehash(user.id, password);
    await this.rememberAddress(username, clientAddress);
    return { uid: user.id };
  }

  /** Marks the address as known for the user; a store failure is logged, the login still succeeds. */
  private async rememberAddress(username: string, clientAddress: string): Promise<void> {
    try {
      await this.throttle.succeeded(username, clientAddress);
    } catch (err) {
      this.logger.warn({ err }, 'could not remember the login address; the per-user ceiling still applies to it');
    }
  }

  /** Re-hashes with the current parameters; a failure is logged and the login still succeeds. */
  private async rehash(id: string, password: string): Promise<void> {
    try {
      await this.users.updatePasswordHash(id, await this.hasher.hash(password));
      this.logger.info({ uid: id }, 'password rehashed with the current scrypt parameters');
    } catch (err) {
      this.logger.warn({ uid: id, err }, 'password rehash failed; keeping the old hash');
    }
  }
}
