import { Controller, Get, Inject, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import type { GatewayMetrics } from '../../statistics/prometheus/gateway-metrics';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { METRICS_REGISTRY } from '../admin.tokens';
import { errorSchema } from '../openapi/schemas';

/** `GET /metrics`: the gateway's Prometheus metrics (text exposition format 0.0.4). */
@ApiTags('metrics')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@UseGuards(AdminKeyGuard)
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly gatewayMetrics: GatewayMetrics) {}

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics: pipeline and plugin counts, durations, rates, gauges, process' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text format', schema: { type: 'string' } })
  @ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
  async metrics(@Res() res: ServerResponse): Promise<void> {
    const body = await this.gatewayMetrics.text();
    res.writeHead(200, { 'content-type': this.gatewayMetrics.contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}
