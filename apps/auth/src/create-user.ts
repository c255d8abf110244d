// `node dist/create-user.js <username>`: creates a user straight in the service's database (the
// same environment as the service: DATABASE_URL or AUTH_SQLITE_PATH), reading the password from
// the first line of stdin. The way to make the first user where no admin API key is set, e.g.
// `printf '%s\n' "$PASSWORD" | docker compose exec -T auth node dist/create-user.js alice`.
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { systemClock } from './clock';
import { parseFlags } from './cli-flags';
import { loadConfig } from './config/auth-config';
import { openDataSource } from './database/data-source.factory';
import { UsersStore } from './database/users.store';
import { isAuthError } from './errors';
import { parseNewUserBody } from './http/credentials';
import { PasswordHasher } from './password/password-hasher';
import { UsersService } from './users/users.service';

const USAGE = `Usage: node dist/create-user.js <username> < password-on-first-line

Creates a user of the auth service directly in its database (migrating it first), with the
service's password policy (8-1024 characters) and hashing. Reads the same environment as the
service: DATABASE_URL (PostgreSQL) or AUTH_SQLITE_PATH (SQLite, default ./data/auth.sqlite).

  printf '%s\\n' "$PASSWORD" | node dist/create-user.js alice
  printf '%s\\n' "$PASSWORD" | docker compose exec -T auth node dist/create-user.js alice

Prints {"id","username"} and exits 0; exits 1 when the user cannot be created (the reason and its
AUTH_ code on stderr, e.g. AUTH_USERNAME_TAKEN), 2 on a usage error.
`;

/** The first line of stdin, without its line ending; "" when stdin is empty. */
async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), 'gatehouse-auth-create-user', USAGE, 1);
  if ('exit' in flags) return flags.exit;
  if (process.stdin.isTTY) process.stderr.write('password (one line, echoed): ');
  const credentials = parseNewUserBody({ username: flags.positionals[0], password: await firstLine() });
  const config = loadConfig(process.env);
  const dataSource = await openDataSource(config.database);
  try {
    const users = new UsersService(new UsersStore(dataSource), new PasswordHasher(), systemClock);
    const created = await users.create(credentials);
    process.stdout.write(`${JSON.stringify(created)}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const text = isAuthError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`gatehouse-auth-create-user: ${text}\n`);
    process.exitCode = 1;
  },
);
