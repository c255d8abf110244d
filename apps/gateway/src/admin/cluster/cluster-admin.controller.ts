import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { changeOptions, splitClusterBody, type ClusterAdmin, type ClusterChangeResult } from '../../cluster/cluster-admin';
import type { Gateway } from '../../engine/gateway';
import type { PipelineSpec, PluginSpec } from '../../engine/types';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { CLUSTER_ADMIN, GATEWAY } from '../admin.tokens';
import { errorSchema, listSchema, specSchema } from '../openapi/schemas';
import { clusterChangeSchema, clusterSpecSchema, sequenceSchema } from './cluster.schemas';

/**
 * `/cluster/admin/v1/{group}`: the cluster's admin API (reference §2.9). Changes go to the
 * group's write node with `operation_seq` (read it from `…/sequence`, add 1; 409 on a conflict)
 * and optionally `consistent`; a read node answers them with 421 GW_NOT_WRITER. Reads come from
 * the node's own config.
 */
@ApiTags('cluster')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
@UseGuards(AdminKeyGuard)
@Controller('cluster/admin/v1/:group')
export class ClusterAdminController {
  constructor(
    @Inject(CLUSTER_ADMIN) private readonly cluster: ClusterAdmin,
    @Inject(GATEWAY) private readonly gateway: Gateway,
  ) {}

  @Get('sequence')
  @ApiOperation({ summary: "The last sequence number of the group's operation log" })
  @ApiParam({ name: 'group' })
  @ApiResponse({ status: 200, schema: sequenceSchema })
  async sequence(@Param('group') group: string): Promise<{ group: string; sequence: number }> {
    return { group, sequence: await this.cluster.sequence(group) };
  }

  @Post('repair')
  @HttpCode(200)
  @ApiOperation({
    summary: "Write node: publish this node's config as the group's state at the log's sequence, unsticking nodes stopped at an unusable operation",
  })
  @ApiParam({ name: 'group' })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { sequence: { type: 'integer' } } } })
  @ApiResponse({ status: 421, description: 'GW_NOT_WRITER', schema: errorSchema })
  repair(@Param('group') group: string): Promise<{ sequence: number }> {
    return this.cluster.repair(group);
  }

  @Get('plugins')
  @ApiOperation({ summary: "The group's plugins, as this node applied them" })
  @ApiParam({ name: 'group' })
  @ApiResponse({ status: 200, schema: listSchema('plugins') })
  plugins(@Param('group') group: string): { plugins: PluginSpec[] } {
    this.cluster.checkOwnGroup(group);
    return { plugins: this.gateway.listPlugins().map((p) => this.gateway.redactPlugin(p)) };
  }

  @Get('plugins/:name')
  @ApiOperation({ summary: 'One plugin' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'name' })
  @ApiResponse({ status: 200, schema: specSchema })
  plugin(@Param('group') group: string, @Param('name') name: string): PluginSpec {
    this.cluster.checkOwnGroup(group);
    return this.gateway.redactPlugin(this.gateway.getPlugin(name));
  }

  @Post('plugins')
  @ApiOperation({ summary: 'Create a plugin in the group (write node)' })
  @ApiParam({ name: 'group' })
  @ApiBody({ schema: clusterSpecSchema })
  @ApiResponse({ status: 201, schema: clusterChangeSchema })
  @ApiResponse({ status: 202, description: 'consistent: applied, but some read nodes lag (named)', schema: clusterChangeSchema })
  @ApiResponse({ status: 409, description: 'GW_SEQUENCE_CONFLICT, GW_ALREADY_EXISTS', schema: errorSchema })
  @ApiResponse({ status: 421, description: 'GW_NOT_WRITER: this is a read node', schema: errorSchema })
  async createPlugin(@Param('group') group: string, @Body() body: unknown, @Res() res: ServerResponse): Promise<void> {
    const { spec, options } = splitClusterBody(body);
    send(res, 201, await this.cluster.createPlugin(group, spec, options));
  }

  @Put('plugins')
  @ApiOperation({ summary: 'Replace a plugin in the group (write node)' })
  @ApiParam({ name: 'group' })
  @ApiBody({ schema: clusterSpecSchema })
  @ApiResponse({ status: 200, schema: clusterChangeSchema })
  @ApiResponse({ status: 202, schema: clusterChangeSchema })
  async updatePlugin(@Param('group') group: string, @Body() body: unknown, @Res() res: ServerResponse): Promise<void> {
    const { spec, options } = splitClusterBody(body);
    send(res, 200, await this.cluster.updatePlugin(group, spec, options));
  }

  @Delete('plugins/:name')
  @ApiOperation({ summary: 'Delete a plugin of the group (write node)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'name' })
  @ApiQuery({ name: 'operation_seq', required: false })
  @ApiQuery({ name: 'consistent', required: false })
  @ApiQuery({ name: 'timeout_sec', required: false })
  @ApiResponse({ status: 200, schema: clusterChangeSchema })
  @ApiResponse({ status: 202, schema: clusterChangeSchema })
  async deletePlugin(
    @Param('group') group: string,
    @Param('name') name: string,
    @Query('operation_seq') seq: unknown,
    @Query('consistent') consistent: unknown,
    @Query('timeout_sec') timeout: unknown,
    @Res() res: ServerResponse,
  ): Promise<void> {
    send(res, 200, await this.cluster.deletePlugin(group, name, changeOptions(seq, consistent, timeout)));
  }

  @Get('pipelines')
  @ApiOperation({ summary: "The group's pipelines, as this node applied them" })
  @ApiParam({ name: 'group' })
  @ApiResponse({ status: 200, schema: listSchema('pipelines') })
  pipelines(@Param('group') group: string): { pipelines: PipelineSpec[] } {
    this.cluster.checkOwnGroup(group);
    return { pipelines: this.gateway.listPipelines() };
  }

  @Get('pipelines/:name')
  @ApiOperation({ summary: 'One pipeline' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'name' })
  @ApiResponse({ status: 200, schema: specSchema })
  pipeline(@Param('group') group: string, @Param('name') name: string): PipelineSpec {
    this.cluster.checkOwnGroup(group);
    return this.gateway.getPipeline(name);
  }

  @Post('pipelines')
  @ApiOperation({ summary: 'Create a pipeline in the group (write node)' })
  @ApiParam({ name: 'group' })
  @ApiBody({ schema: clusterSpecSchema })
  @ApiResponse({ status: 201, schema: clusterChangeSchema })
  @ApiResponse({ status: 202, schema: clusterChangeSchema })
  async createPipeline(@Param('group') group: string, @Body() body: unknown, @Res() res: ServerResponse): Promise<void> {
    const { spec, options } = splitClusterBody(body);
    send(res, 201, await this.cluster.createPipeline(group, spec, options));
  }

  @Put('pipelines')
  @ApiOperation({ summary: 'Replace a pipeline in the group (write node)' })
  @ApiParam({ name: 'group' })
  @ApiBody({ schema: clusterSpecSchema })
  @ApiResponse({ status: 200, schema: clusterChangeSchema })
  @ApiResponse({ status: 202, schema: clusterChangeSchema })
  async updatePipeline(@Param('group') group: string, @Body() body: unknown, @Res() res: ServerResponse): Promise<void> {
    const { spec, options } = splitClusterBody(body);
    send(res, 200, await this.cluster.updatePipeline(group, spec, options));
  }

  @Delete('pipelines/:name')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a pipeline of the group (write node)' })
  @ApiParam({ name: 'group' })
  @ApiParam({ name: 'name' })
  @ApiQuery({ name: 'operation_seq', required: false })
  @ApiQuery({ name: 'consistent', required: false })
  @ApiQuery({ name: 'timeout_sec', required: false })
  @ApiResponse({ status: 200, schema: clusterChangeSchema })
  @ApiResponse({ status: 202, schema: clusterChangeSchema })
  async deletePipeline(
    @Param('group') group: string,
    @Param('name') name: string,
    @Query('operation_seq') seq: unknown,
    @Query('consistent') consistent: unknown,
    @Query('timeout_sec') timeout: unknown,
    @Res() res: ServerResponse,
  ): Promise<void> {
    send(res, 200, await this.cluster.deletePipeline(group, name, changeOptions(seq, consistent, timeout)));
  }
}

/** Answers a change: `status`, or 202 naming the read nodes that lag. */
function send(res: ServerResponse, status: number, r: ClusterChangeResult<unknown>): void {
  const lagging = r.lagging ?? [];
  const partial = lagging.length > 0;
  const body = JSON.stringify({
    ...r,
    ...(partial ? { message: `partially complete: applied on the write node and ${r.applied?.length ?? 0} read node(s); lagging: ${lagging.join(', ')}` } : {}),
  });
  res.writeHead(partial ? 202 : status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
