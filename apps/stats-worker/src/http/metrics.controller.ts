import { Controller, Get, Inject, Res } from '@nestjs/common';
import { METRICS, type MetricsRegistry, type HttpResponse } from './tokens';

/** `GET /metrics`: Prometheus text format. */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly register: MetricsRegistry) {}

  @Get('metrics')
  async metrics(@Res() res: HttpResponse): Promise<void> {
    res.type(this.register.contentType).send(await this.register.metrics());
  }
}
