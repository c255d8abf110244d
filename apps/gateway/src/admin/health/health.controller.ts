import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GatewayError } from '../../errors';
import { READINESS, type ReadyState } from '../admin.tokens';
import { errorSchema } from '../openapi/schemas';
import { readBuildInfo, type BuildInfo } from './build-info';

/** `/health/v1`: liveness and build facts; no API key, so probes need no secret. */
@ApiTags('health')
@Controller('health/v1')
export class HealthController {
  private readonly build = readBuildInfo();

  constructor(@Inject(READINESS) private readonly readiness: () => ReadyState) {}

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 once the node serves its config; 503 GW_NOT_READY before (a booting read node)' })
  @ApiResponse({
    status: 200,
    schema: { type: 'object', properties: { status: { type: 'string', example: 'ready' }, sequence: { type: 'integer' } } },
  })
  @ApiResponse({ status: 503, schema: errorSchema })
  ready(): { status: 'ready'; sequence: number } {
    const r = this.readiness();
    if (!r.ready) throw new GatewayError('GW_NOT_READY', `not ready: ${r.reason ?? 'no config applied yet'}`);
    return { status: 'ready', sequence: r.sequence };
  }

  @Get('check')
  @ApiOperation({ summary: 'Liveness: 200 while the admin plane serves' })
  @ApiResponse({
    status: 200,
    schema: { type: 'object', properties: { status: { type: 'string', example: 'ok' } } },
  })
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('info')
  @ApiOperation({ summary: 'Build facts' })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        build: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            release: { type: 'string' },
            build: { type: 'string' },
            repository: { type: 'string' },
          },
        },
      },
    },
  })
  info(): { build: BuildInfo } {
    return { build: this.build };
  }
}
