import { Controller, Get, Inject, Res } from '@nestjs/common';
import { HEALTH, type HealthState, type HttpResponse } from './tokens';

/** `GET /health`: 200 while Redis answers and the worker runs, else 503 saying which is down. */
@Controller()
export class HealthController {
  constructor(@Inject(HEALTH) private readonly health: () => Promise<HealthState>) {}

  @Get('health')
  async check(@Res() res: HttpResponse): Promise<void> {
    const h = await this.health();
    const ok = h.redis && h.worker;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', redis: h.redis ? 'up' : 'down', worker: h.worker ? 'running' : 'stopped' });
  }
}
