// GET /v1/health: 200 when the database answers, 503 AUTH_DATABASE_UNAVAILABLE when it does not.
// The registry agent polls this URL to keep the service's TTL check passing.
import { Controller, Get, Inject } from '@nestjs/common';
import { UsersStore } from '../database/users.store';
import { SERVICE_VERSION } from '../tokens';

/** Health endpoint. */
@Controller('v1')
export class HealthController {
  constructor(
    @Inject(UsersStore) private readonly users: UsersStore,
    @Inject(SERVICE_VERSION) private readonly version: string,
  ) {}

  /** Pings the database. */
  @Get('health')
  async health(): Promise<{ status: 'ok'; database: 'up'; version: string }> {
    await this.users.ping();
    return { status: 'ok', database: 'up', version: this.version };
  }
}
