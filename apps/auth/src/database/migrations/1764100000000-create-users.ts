// First migration: the users table with a unique username. Column types differ per driver only
// for the timestamp (PostgreSQL keeps the time zone; SQLite stores datetime text).
import { Table, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Creates the users table. */
export class CreateUsers1764100000000 implements MigrationInterface {
  name = 'CreateUsers1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '64', isNullable: false },
          { name: 'password_hash', type: 'varchar', length: '512', isNullable: false },
          { name: 'created_at', type: postgres ? 'timestamptz' : 'datetime', isNullable: false },
          { name: 'disabled', type: 'boolean', isNullable: false, default: false },
        ],
        uniques: [new TableUnique({ name: 'uq_users_username', columnNames: ['username'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users');
  }
}
