import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { ClusterIndicatorQuery } from '../../cluster-statistics/cluster-indicator-query';
import type { RangePoint } from '../../cluster-statistics/cluster-series-reader';
import { GatewayError } from '../../errors';
import type { IndicatorScope } from '../../statistics/indicator-query';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { CLUSTER_STATISTICS } from '../admin.tokens';
import { errorSchema } from '../openapi/schemas';
import { nameList } from '../statistics/name-list';
import { descSchema, namesSchema, valueSchema, valuesSchema } from '../statistics/statistics.schemas';
import { clusterNamesSchema, rangeSchema } from './cluster-statistics.schemas';

type Values = { values: Record<string, number | null> };

/**
 * `/cluster/statistics/v1/{group}`: the local `/statistics/v1` indicator routes (same names and
 * levels) answered for the whole group from the series the stats worker folded — counts and rates
 * summed over the nodes, percentiles from the merged histograms, min/max as min/max — plus a
 * range for charts. Present whenever this node ships statistics.
 */
@ApiTags('cluster')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
@ApiResponse({ status: 404, description: 'GW_NOT_FOUND: unknown group, pipeline, plugin or indicator (field names which)', schema: errorSchema })
@ApiResponse({ status: 503, description: 'GW_STATS_UNAVAILABLE: the Redis of the folded series is unreachable', schema: errorSchema })
@UseGuards(AdminKeyGuard)
@Controller('cluster/statistics/v1/:group')
export class ClusterStatisticsController {
  constructor(@Inject(CLUSTER_STATISTICS) private readonly query: ClusterIndicatorQuery) {}

  @Get('pipelines')
  @ApiOperation({ summary: "Pipelines the group's nodes reported in the last 2 h" })
  @ApiParam({ name: 'group', example: 'default' })
  @ApiResponse({ status: 200, schema: clusterNamesSchema('pipelines') })
  async pipelines(@Param('group') group: string): Promise<{ pipelines: string[] }> {
    return { pipelines: await this.query.pipelines(group) };
  }

  @Get('pipelines/:pipeline/plugins')
  @ApiOperation({ summary: 'Plugins of a pipeline the group reported' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiResponse({ status: 200, schema: clusterNamesSchema('plugins') })
  async plugins(@Param('group') group: string, @Param('pipeline') pipeline: string): Promise<{ plugins: string[] }> {
    return { plugins: await this.query.plugins(group, pipeline) };
  }

  // ---- pipeline level ---------------------------------------------------------------------

  @Get('pipelines/:pipeline/indicators')
  @ApiOperation({ summary: 'Indicator names of a pipeline (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiResponse({ status: 200, schema: namesSchema })
  async pipelineNames(@Param('group') group: string, @Param('pipeline') pipeline: string): Promise<{ names: string[] }> {
    return { names: await this.query.names(group, { pipeline, level: 'pipeline' }) };
  }

  @Get('pipelines/:pipeline/indicators/value')
  @ApiOperation({ summary: 'Several indicator values of a pipeline at once (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiQuery({ name: 'names', description: 'Comma-separated or repeated indicator names' })
  @ApiResponse({ status: 200, schema: valuesSchema })
  async pipelineValues(@Param('group') group: string, @Param('pipeline') pipeline: string, @Query('names') names: unknown): Promise<Values> {
    return { values: await this.query.values(group, { pipeline, level: 'pipeline' }, nameList(names)) };
  }

  @Get('pipelines/:pipeline/indicators/:indicator/value')
  @ApiOperation({ summary: 'Value of a pipeline indicator (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'indicator', example: 'EXECUTION_TIME_99_PERCENT_ALL' })
  @ApiResponse({ status: 200, schema: valueSchema })
  async pipelineValue(@Param('group') group: string, @Param('pipeline') pipeline: string, @Param('indicator') indicator: string): Promise<{ value: number | null }> {
    return { value: await this.query.value(group, { pipeline, level: 'pipeline' }, indicator) };
  }

  @Get('pipelines/:pipeline/indicators/:indicator/desc')
  @ApiOperation({ summary: 'Description of a pipeline indicator (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'indicator' })
  @ApiResponse({ status: 200, schema: descSchema })
  async pipelineDesc(@Param('group') group: string, @Param('pipeline') pipeline: string, @Param('indicator') indicator: string): Promise<{ desc: string }> {
    return { desc: await this.query.desc(group, { pipeline, level: 'pipeline' }, indicator) };
  }

  @Get('pipelines/:pipeline/series')
  @ApiOperation({ summary: "The pipeline's last minutes at 5-s resolution, for charts (the group)" })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiQuery({ name: 'minutes', required: false, description: '1-60, default 15' })
  @ApiResponse({ status: 200, schema: rangeSchema })
  async pipelineRange(@Param('group') group: string, @Param('pipeline') pipeline: string, @Query('minutes') minutes: unknown): Promise<{ step_sec: number; points: RangePoint[] }> {
    return this.query.range(group, { pipeline, level: 'pipeline' }, rangeMinutes(minutes));
  }

  // ---- plugin level -----------------------------------------------------------------------

  @Get('pipelines/:pipeline/plugins/:plugin/indicators')
  @ApiOperation({ summary: 'Indicator names of a plugin in a pipeline (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiResponse({ status: 200, schema: namesSchema })
  async pluginNames(@Param('group') group: string, @Param('pipeline') pipeline: string, @Param('plugin') plugin: string): Promise<{ names: string[] }> {
    return { names: await this.query.names(group, pluginScope(pipeline, plugin)) };
  }

  @Get('pipelines/:pipeline/plugins/:plugin/indicators/value')
  @ApiOperation({ summary: 'Several indicator values of a plugin at once (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiQuery({ name: 'names', description: 'Comma-separated or repeated indicator names' })
  @ApiResponse({ status: 200, schema: valuesSchema })
  async pluginValues(@Param('group') group: string, @Param('pipeline') pipeline: string, @Param('plugin') plugin: string, @Query('names') names: unknown): Promise<Values> {
    return { values: await this.query.values(group, pluginScope(pipeline, plugin), nameList(names)) };
  }

  @Get('pipelines/:pipeline/plugins/:plugin/indicators/:indicator/value')
  @ApiOperation({ summary: 'Value of a plugin indicator (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiParam({ name: 'indicator' })
  @ApiResponse({ status: 200, schema: valueSchema })
  async pluginValue(
    @Param('group') group: string,
    @Param('pipeline') pipeline: string,
    @Param('plugin') plugin: string,
    @Param('indicator') indicator: string,
  ): Promise<{ value: number | null }> {
    return { value: await this.query.value(group, pluginScope(pipeline, plugin), indicator) };
  }

  @Get('pipelines/:pipeline/plugins/:plugin/indicators/:indicator/desc')
  @ApiOperation({ summary: 'Description of a plugin indicator (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiParam({ name: 'indicator' })
  @ApiResponse({ status: 200, schema: descSchema })
  async pluginDesc(@Param('group') group: string, @Param('pipeline') pipeline: string, @Param('plugin') plugin: string, @Param('indicator') indicator: string): Promise<{ desc: string }> {
    return { desc: await this.query.desc(group, pluginScope(pipeline, plugin), indicator) };
  }

  @Get('pipelines/:pipeline/plugins/:plugin/series')
  @ApiOperation({ summary: "A plugin's last minutes at 5-s resolution, for charts (the group)" })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiParam({ name: 'plugin' })
  @ApiQuery({ name: 'minutes', required: false, description: '1-60, default 15' })
  @ApiResponse({ status: 200, schema: rangeSchema })
  async pluginRange(
    @Param('group') group: string,
    @Param('pipeline') pipeline: string,
    @Param('plugin') plugin: string,
    @Query('minutes') minutes: unknown,
  ): Promise<{ step_sec: number; points: RangePoint[] }> {
    return this.query.range(group, pluginScope(pipeline, plugin), rangeMinutes(minutes));
  }

  // ---- task level -------------------------------------------------------------------------

  @Get('pipelines/:pipeline/task/indicators')
  @ApiOperation({ summary: 'Task indicator names of a pipeline (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiResponse({ status: 200, schema: namesSchema })
  async taskNames(@Param('group') group: string, @Param('pipeline') pipeline: string): Promise<{ names: string[] }> {
    return { names: await this.query.names(group, { pipeline, level: 'task' }) };
  }

  @Get('pipelines/:pipeline/task/indicators/value')
  @ApiOperation({ summary: 'Task indicator values of a pipeline (the group)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'pipeline' })
  @ApiQuery({ name: 'names', description: 'Comma-separated or repeated indicator names' })
  @ApiResponse({ status: 200, schema: valuesSchema })
  async taskValues(@Param('group') group: string, @Param('pipeline') pipeline: string, @Query('names') names: unknown): Promise<Values> {
    return { values: await this.query.values(group, { pipeline, level: 'task' }, nameList(names)) };
  }
}

function pluginScope(pipeline: string, plugin: string): IndicatorScope {
  return { pipeline, level: 'plugin', plugin };
}

function rangeMinutes(raw: unknown): number {
  if (raw === undefined) return 15;
  const n = typeof raw === 'string' && /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 60)) throw new GatewayError('GW_BAD_REQUEST', 'minutes must be an integer 1-60', { field: 'minutes' });
  return n;
}
