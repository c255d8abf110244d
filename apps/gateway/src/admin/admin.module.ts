import { Module, type DynamicModule } from '@nestjs/common';
import { AdminKeyGuard } from './auth/admin-key.guard';
import { ADMIN_OPTIONS, CLUSTER_ADMIN, CLUSTER_STATISTICS, GATEWAY, INDICATOR_QUERY, METRICS_REGISTRY, READINESS, WORKER_POOL, type AdminDeps } from './admin.tokens';
import { WorkersController } from './workers/workers.controller';
import { ClusterAdminController } from './cluster/cluster-admin.controller';
import { ClusterHealthController } from './cluster/cluster-health.controller';
import { ClusterStatisticsController } from './cluster/cluster-statistics.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { BackendsHealthController } from './health/backends-health.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { StatisticsController } from './statistics/statistics.controller';
import { IndicatorQuery } from '../statistics/indicator-query';
import { createGatewayMetrics } from '../statistics/prometheus/gateway-metrics';
import { PipelinesController } from './pipelines/pipelines.controller';
import { PluginsController } from './plugins/plugins.controller';

/**
 * The admin plane: `/admin/v1` (plugins, pipelines and their types), `/statistics/v1`,
 * `/metrics`, `/health/v1` and the dashboard at `/`, wired to
 * one engine instance handed in by `bootstrap` — the engine is built outside Nest so the data
 * plane never depends on it.
 */
@Module({})
export class AdminModule {
  /** The module bound to `deps.gateway`. */
  static register(deps: AdminDeps): DynamicModule {
    return {
      module: AdminModule,
      controllers: [
        PluginsController,
        PipelinesController,
        StatisticsController,
        MetricsController,
        HealthController,
        BackendsHealthController,
        DashboardController,
        ...(deps.cluster ? [ClusterAdminController, ClusterHealthController] : []),
        ...(deps.workers ? [WorkersController] : []),
        ...(deps.clusterStatistics ? [ClusterStatisticsController] : []),
      ],
      providers: [
        { provide: GATEWAY, useValue: deps.gateway },
        { provide: READINESS, useValue: deps.readiness ?? (() => ({ ready: true, sequence: deps.gateway.sequence })) },
        ...(deps.cluster ? [{ provide: CLUSTER_ADMIN, useValue: deps.cluster }] : []),
        ...(deps.workers ? [{ provide: WORKER_POOL, useValue: deps.workers }] : []),
        ...(deps.clusterStatistics ? [{ provide: CLUSTER_STATISTICS, useValue: deps.clusterStatistics }] : []),
        { provide: INDICATOR_QUERY, useValue: new IndicatorQuery(deps.gateway) },
        { provide: METRICS_REGISTRY, useValue: createGatewayMetrics(deps.gateway, deps.statsShipping, deps.workers?.statisticsFigures.bind(deps.workers)) },
        { provide: ADMIN_OPTIONS, useValue: deps.options },
        AdminKeyGuard,
      ],
    };
  }
}
