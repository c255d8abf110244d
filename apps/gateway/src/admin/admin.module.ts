import { Module, type DynamicModule } from '@nestjs/common';
import { AdminKeyGuard } from './auth/admin-key.guard';
import { ADMIN_OPTIONS, GATEWAY, type AdminDeps } from './admin.tokens';
import { HealthController } from './health/health.controller';
import { PipelinesController } from './pipelines/pipelines.controller';
import { PluginsController } from './plugins/plugins.controller';

/**
 * The admin plane: `/admin/v1` (plugins, pipelines and their types) and `/health/v1`, wired to
 * one engine instance handed in by `bootstrap` — the engine is built outside Nest so the data
 * plane never depends on it.
 */
@Module({})
export class AdminModule {
  /** The module bound to `deps.gateway`. */
  static register(deps: AdminDeps): DynamicModule {
    return {
      module: AdminModule,
      controllers: [PluginsController, PipelinesController, HealthController],
      providers: [
        { provide: GATEWAY, useValue: deps.gateway },
        { provide: ADMIN_OPTIONS, useValue: deps.options },
        AdminKeyGuard,
      ],
    };
  }
}
