import { Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { WorkerPool, WorkerView } from '../../workers/worker-pool';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { WORKER_POOL } from '../admin.tokens';
import { errorSchema } from '../openapi/schemas';

const workersSchema = {
  type: 'object',
  properties: {
    workers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          pid: { type: 'integer' },
          state: { type: 'string', enum: ['starting', 'ready', 'draining'] },
          applied_seq: { type: 'integer' },
          started_at: { type: 'string' },
          alarm: { type: 'string', nullable: true },
        },
      },
    },
  },
};

/** `/admin/v1/workers`: the data-plane workers of `GATEWAY_WORKERS` (present only with workers). */
@ApiTags('workers')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
@UseGuards(AdminKeyGuard)
@Controller('admin/v1/workers')
export class WorkersController {
  constructor(@Inject(WORKER_POOL) private readonly pool: WorkerPool) {}

  @Get()
  @ApiOperation({ summary: 'The data-plane workers: pid, state, the sequence each applied' })
  @ApiResponse({ status: 200, schema: workersSchema })
  list(): { workers: WorkerView[] } {
    return { workers: this.pool.list() };
  }

  @Post('restart')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rolling restart: each worker is replaced by a new one (serving first), one at a time; answers once done' })
  @ApiResponse({ status: 200, schema: workersSchema })
  @ApiResponse({ status: 503, description: 'GW_SERVICE_UNAVAILABLE: a new worker did not start; the old ones keep serving', schema: errorSchema })
  async restart(): Promise<{ workers: WorkerView[] }> {
    return { workers: await this.pool.rollingRestart() };
  }
}
