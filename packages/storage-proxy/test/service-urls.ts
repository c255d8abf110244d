// Where the real services are, from the environment with the development machines' defaults.

export interface ServiceSpec {
  name: string;
  flag: string;
  port: number;
  url: () => string;
}

export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const databaseUrl = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const mysqlUrl = (): string => process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export const SERVICES: ServiceSpec[] = [
  { name: 'Redis', flag: 'SP_TEST_REDIS_UP', port: 6379, url: redisUrl },
  { name: 'PostgreSQL', flag: 'SP_TEST_POSTGRES_UP', port: 5432, url: databaseUrl },
  { name: 'MariaDB/MySQL', flag: 'SP_TEST_MYSQL_UP', port: 3306, url: mysqlUrl },
];
