import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { readBuildInfo, type BuildInfo } from './build-info';

/** `/health/v1`: liveness and build facts; no API key, so probes need no secret. */
@ApiTags('health')
@Controller('health/v1')
export class HealthController {
  private readonly build = readBuildInfo();

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
