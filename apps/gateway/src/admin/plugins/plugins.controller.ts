import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Gateway } from '../../engine/gateway';
import type { PluginSpec } from '../../engine/types';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { GATEWAY } from '../admin.tokens';
import { listFilter } from '../http/list-query';
import { errorSchema, listSchema, specSchema, typesSchema } from '../openapi/schemas';

/**
 * `/admin/v1/plugin-types` and `/admin/v1/plugins[/{name}]`: HTTP in, engine call, JSON out.
 * Secret-bearing options (`writeOnly` in the schema) are answered as redaction markers.
 */
@ApiTags('plugins')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
@UseGuards(AdminKeyGuard)
@Controller('admin/v1')
export class PluginsController {
  constructor(@Inject(GATEWAY) private readonly gateway: Gateway) {}

  @Get('plugin-types')
  @ApiOperation({ summary: 'Plugin kinds with their config JSON Schemas' })
  @ApiResponse({ status: 200, schema: typesSchema('plugin_types') })
  types(): { plugin_types: ReturnType<Gateway['model']['pluginTypes']> } {
    return { plugin_types: this.gateway.model.pluginTypes() };
  }

  @Get('plugins')
  @ApiOperation({ summary: 'List plugins' })
  @ApiQuery({
    name: 'name_pattern',
    required: false,
    description: 'Regular expression the name must match',
  })
  @ApiQuery({
    name: 'types',
    required: false,
    description: 'Comma-separated or repeated plugin types',
  })
  @ApiResponse({ status: 200, schema: listSchema('plugins') })
  @ApiResponse({ status: 400, schema: errorSchema })
  list(
    @Query('name_pattern') namePattern: unknown,
    @Query('types') types: unknown,
  ): { plugins: PluginSpec[] } {
    return { plugins: this.gateway.listPlugins(listFilter(namePattern, types)).map((p) => this.gateway.redactPlugin(p)) };
  }

  @Post('plugins')
  @ApiOperation({ summary: 'Create a plugin' })
  @ApiBody({ schema: specSchema })
  @ApiResponse({ status: 201, schema: specSchema })
  @ApiResponse({ status: 400, description: 'Invalid spec', schema: errorSchema })
  @ApiResponse({ status: 409, description: 'Name taken', schema: errorSchema })
  @ApiResponse({ status: 413, description: 'Body over 1 MiB', schema: errorSchema })
  async create(@Body() body: unknown): Promise<PluginSpec> {
    return this.gateway.redactPlugin(await this.gateway.createPlugin(body));
  }

  @Put('plugins')
  @ApiOperation({ summary: 'Replace the config of the plugin named in config.plugin_name' })
  @ApiBody({ schema: specSchema })
  @ApiResponse({ status: 200, schema: specSchema })
  @ApiResponse({ status: 400, description: 'Invalid spec or type change', schema: errorSchema })
  @ApiResponse({ status: 404, schema: errorSchema })
  async update(@Body() body: unknown): Promise<PluginSpec> {
    return this.gateway.redactPlugin(await this.gateway.updatePlugin(body));
  }

  @Get('plugins/:name')
  @ApiOperation({ summary: 'Get one plugin' })
  @ApiParam({ name: 'name' })
  @ApiResponse({ status: 200, schema: specSchema })
  @ApiResponse({ status: 404, schema: errorSchema })
  get(@Param('name') name: string): PluginSpec {
    return this.gateway.redactPlugin(this.gateway.getPlugin(name));
  }

  @Delete('plugins/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a plugin no pipeline uses' })
  @ApiParam({ name: 'name' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiResponse({ status: 404, schema: errorSchema })
  @ApiResponse({
    status: 409,
    description: 'Used by pipelines (named in the message)',
    schema: errorSchema,
  })
  remove(@Param('name') name: string): Promise<void> {
    return this.gateway.deletePlugin(name);
  }
}
