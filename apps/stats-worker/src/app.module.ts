import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';
import { HEALTH, METRICS, type HealthState, type MetricsRegistry } from './http/tokens';

/** The worker's HTTP side: `/health` and `/metrics`. The folding itself runs outside Nest. */
@Module({})
export class AppModule {
  static register(deps: { metrics: MetricsRegistry; health: () => Promise<HealthState> }): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: METRICS, useValue: deps.metrics },
        { provide: HEALTH, useValue: deps.health },
      ],
    };
  }
}
