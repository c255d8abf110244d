import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { gatewayFigures } from '../../statistics/gateway-figures';
import type { IndicatorQuery, IndicatorScope, PipelineOverview, PipelineSnapshot, RegisteredIndicators } from '../../statistics/indicator-query';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { INDICATOR_QUERY } from '../admin.tokens';
import { errorSchema } from '../openapi/schemas';
import { nameList } from './name-list';
import {
  descSchema,
  loadavgSchema,
  namesSchema,
  overviewSchema,
  registeredSchema,
  rusageSchema,
  snapshotSchema,
  uptimeSchema,
  valueSchema,
  valuesSchema,
} from './statistics.schemas';

/** Scope of an indicator route from its path parameters. */
type Level = 'pipeline' | 'plugin' | 'task';

/**
 * `/statistics/v1`: Ease Gateway's indicator routes (§2.8) at the pipeline, plugin and task
 * levels — list, value, description, several values at once — plus one call with every figure of
 * a pipeline, an overview of all pipelines, and the gateway process figures. Times are in ns.
 */
@ApiTags('statistics')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
@ApiResponse({ status: 404, description: 'Unknown pipeline, plugin or indicator (field names which)', schema: errorSchema })
@UseGuards(AdminKeyGuard)
@Controller('statistics/v1')
export class StatisticsController {
  constructor(@Inject(INDICATOR_QUERY) private readonly query: IndicatorQuery) {}

  @Get('pipelines')
  @ApiOperation({ summary: 'Every pipeline: rates, counts, p50/p99, in-flight and queued tasks' })
  @ApiResponse({ status: 200, schema: overviewSchema })
  overview(): { pipelines: PipelineOverview[] } {
    return { pipelines: this.query.overview() };
  }

  @Get('registered-indicators')
  @ApiOperation({ summary: "Every pipeline's plugin-registered indicators (limiter, queue, breaker states) with descriptions" })
  @ApiResponse({ status: 200, schema: registeredSchema })
  registered(): { pipelines: RegisteredIndicators[] } {
    return { pipelines: this.query.registered() };
  }

  @Get('pipelines/:pipeline/snapshot')
  @ApiOperation({ summary: 'Every indicator of a pipeline, its tasks and its plugins, in one answer' })
  @ApiParam({ name: 'pipeline' })
  @ApiResponse({ status: 200, schema: snapshotSchema })
  snapshot(@Param('pipeline') pipeline: string): PipelineSnapshot {
    return this.query.snapshot(pipeline);
  }

  // ---- pipeline level ---------------------------------------------------------------------

  @Get('pipelines/:pipeline/indicators')
  @ApiOperation({ summary: 'Indicator names of a pipeline' })
  @ApiParam({ name: 'pipeline' })
  @ApiResponse({ status: 200, schema: namesSchema })
  pipelineNames(@Param('pipeline') pipeline: string): { names: string[] } {
    return { names: this.query.names(scope('pipeline', pipeline)) };
  }

  @Get('pipelines/:pipeline/indicators/value')
  @ApiOperation({ summary: 'Several indicator values of a pipeline at once' })
  @ApiParam({ name: 'pipeline' })
  @ApiQuery({ name: 'names', description: 'Comma-separated or repeated indicator names' })
  @ApiResponse({ status: 200, schema: valuesSchema })
  pipelineValues(@Param('pipeline') pipeline: string, @Query('names') names: unknown): { values: Record<string, number | null> } {
    return { values: this.query.values(scope('pipeline', pipeline), nameList(names)) };
  }

  @Get('pipelines/:pipeline/indicators/:indicator/value')
  @ApiOperation({ summary: 'Value of a pipeline indicator' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'indicator', example: 'THROUGHPUT_RATE_LAST_1MIN_ALL' })
  @ApiResponse({ status: 200, schema: valueSchema })
  pipelineValue(@Param('pipeline') pipeline: string, @Param('indicator') indicator: string): { value: number | null } {
    return { value: this.query.value(scope('pipeline', pipeline), indicator) };
  }

  @Get('pipelines/:pipeline/indicators/:indicator/desc')
  @ApiOperation({ summary: 'Description of a pipeline indicator' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'indicator' })
  @ApiResponse({ status: 200, schema: descSchema })
  pipelineDesc(@Param('pipeline') pipeline: string, @Param('indicator') indicator: string): { desc: string } {
    return { desc: this.query.desc(scope('pipeline', pipeline), indicator) };
  }

  // ---- plugin level -----------------------------------------------------------------------

  @Get('pipelines/:pipeline/plugins/:plugin/indicators')
  @ApiOperation({ summary: 'Indicator names of a plugin in a pipeline (built-in and plugin-registered)' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiResponse({ status: 200, schema: namesSchema })
  pluginNames(@Param('pipeline') pipeline: string, @Param('plugin') plugin: string): { names: string[] } {
    return { names: this.query.names(scope('plugin', pipeline, plugin)) };
  }

  @Get('pipelines/:pipeline/plugins/:plugin/indicators/value')
  @ApiOperation({ summary: 'Several indicator values of a plugin at once' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiQuery({ name: 'names', description: 'Comma-separated or repeated indicator names' })
  @ApiResponse({ status: 200, schema: valuesSchema })
  pluginValues(
    @Param('pipeline') pipeline: string,
    @Param('plugin') plugin: string,
    @Query('names') names: unknown,
  ): { values: Record<string, number | null> } {
    return { values: this.query.values(scope('plugin', pipeline, plugin), nameList(names)) };
  }

  @Get('pipelines/:pipeline/plugins/:plugin/indicators/:indicator/value')
  @ApiOperation({ summary: 'Value of a plugin indicator' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiParam({ name: 'indicator', example: 'EXECUTION_TIME_99_PERCENT_FAILURE' })
  @ApiResponse({ status: 200, schema: valueSchema })
  pluginValue(
    @Param('pipeline') pipeline: string,
    @Param('plugin') plugin: string,
    @Param('indicator') indicator: string,
  ): { value: number | null } {
    return { value: this.query.value(scope('plugin', pipeline, plugin), indicator) };
  }

  @Get('pipelines/:pipeline/plugins/:plugin/indicators/:indicator/desc')
  @ApiOperation({ summary: 'Description of a plugin indicator' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiParam({ name: 'indicator' })
  @ApiResponse({ status: 200, schema: descSchema })
  pluginDesc(
    @Param('pipeline') pipeline: string,
    @Param('plugin') plugin: string,
    @Param('indicator') indicator: string,
  ): { desc: string } {
    return { desc: this.query.desc(scope('plugin', pipeline, plugin), indicator) };
  }

  // ---- task level -------------------------------------------------------------------------

  @Get('pipelines/:pipeline/task/indicators')
  @ApiOperation({ summary: 'Task indicator names of a pipeline' })
  @ApiParam({ name: 'pipeline' })
  @ApiResponse({ status: 200, schema: namesSchema })
  taskNames(@Param('pipeline') pipeline: string): { names: string[] } {
    return { names: this.query.names(scope('task', pipeline)) };
  }

  @Get('pipelines/:pipeline/task/indicators/value')
  @ApiOperation({ summary: 'Several task indicator values at once' })
  @ApiParam({ name: 'pipeline' })
  @ApiQuery({ name: 'names', description: 'Comma-separated or repeated indicator names' })
  @ApiResponse({ status: 200, schema: valuesSchema })
  taskValues(@Param('pipeline') pipeline: string, @Query('names') names: unknown): { values: Record<string, number | null> } {
    return { values: this.query.values(scope('task', pipeline), nameList(names)) };
  }

  @Get('pipelines/:pipeline/task/indicators/:indicator/value')
  @ApiOperation({ summary: 'Value of a task indicator' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'indicator', example: 'EXECUTION_COUNT_FAILURE' })
  @ApiResponse({ status: 200, schema: valueSchema })
  taskValue(@Param('pipeline') pipeline: string, @Param('indicator') indicator: string): { value: number | null } {
    return { value: this.query.value(scope('task', pipeline), indicator) };
  }

  @Get('pipelines/:pipeline/task/indicators/:indicator/desc')
  @ApiOperation({ summary: 'Description of a task indicator' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'indicator' })
  @ApiResponse({ status: 200, schema: descSchema })
  taskDesc(@Param('pipeline') pipeline: string, @Param('indicator') indicator: string): { desc: string } {
    return { desc: this.query.desc(scope('task', pipeline), indicator) };
  }

  // ---- the gateway process ----------------------------------------------------------------

  @Get('gateway/uptime')
  @ApiOperation({ summary: 'Seconds since the gateway process started' })
  @ApiResponse({ status: 200, schema: uptimeSchema })
  uptime(): { uptime_sec: number } {
    return gatewayFigures.uptime();
  }

  @Get('gateway/rusage')
  @ApiOperation({ summary: "The gateway process's resource usage (getrusage)" })
  @ApiResponse({ status: 200, schema: rusageSchema })
  rusage(): NodeJS.ResourceUsage {
    return gatewayFigures.rusage();
  }

  @Get('gateway/loadavg')
  @ApiOperation({ summary: "The host's load averages" })
  @ApiResponse({ status: 200, schema: loadavgSchema })
  loadavg(): { load_1m: number; load_5m: number; load_15m: number } {
    return gatewayFigures.loadavg();
  }
}

function scope(level: Level, pipeline: string, plugin = ''): IndicatorScope {
  return level === 'plugin' ? { pipeline, level, plugin } : { pipeline, level };
}
