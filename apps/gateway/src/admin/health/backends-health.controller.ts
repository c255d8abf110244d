import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Gateway } from '../../engine/gateway';
import { BACKEND_HEALTH_BOARD, BackendHealthBoard, type UpstreamHealth } from '../../plugins/http-output/backend-health-board';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { GATEWAY } from '../admin.tokens';
import { errorSchema } from '../openapi/schemas';

const instanceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'instance id (the origin for a static list, the registry node id otherwise)' },
    origin: { type: 'string', example: 'http://127.0.0.1:8081' },
    available: { type: 'boolean', description: 'in rotation: healthy and not ejected' },
    healthy: { type: 'boolean', description: 'active health checks pass (true without checks)' },
    ejected: { type: 'boolean', description: 'ejected by passive outlier detection' },
    ejected_for_ms: { type: 'integer', description: 'time until the ejection ends, 0 when not ejected' },
    ejections: { type: 'integer', description: 'ejections in a row (the multiplier of the next ejection time)' },
    consecutive_failures: { type: 'integer' },
  },
};

/**
 * `GET /health/v1/backends`: the state of every backend instance of every HTTPOutput with an
 * upstream. Behind the admin key (unlike the liveness probes): it names internal addresses.
 */
@ApiTags('health')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@UseGuards(AdminKeyGuard)
@Controller('health/v1')
export class BackendsHealthController {
  constructor(@Inject(GATEWAY) private readonly gateway: Gateway) {}

  @Get('backends')
  @ApiOperation({ summary: 'Backend instances of HTTPOutput upstreams: in rotation, actively healthy, ejected (and for how long)' })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        upstreams: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              plugin: { type: 'string' },
              source: { type: 'string', example: 'service:auth' },
              instances: { type: 'array', items: instanceSchema },
            },
          },
        },
      },
    },
  })
  @ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
  backends(): { upstreams: UpstreamHealth[] } {
    return { upstreams: this.gateway.services.get(BACKEND_HEALTH_BOARD, () => new BackendHealthBoard()).list() };
  }
}
