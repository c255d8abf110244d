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
import type { PipelineSpec } from '../../engine/types';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { GATEWAY } from '../admin.tokens';
import { listFilter } from '../http/list-query';
import { errorSchema, listSchema, specSchema, typesSchema } from '../openapi/schemas';

/** `/admin/v1/pipeline-types` and `/admin/v1/pipelines[/{name}]`: HTTP in, engine call, JSON out. */
@ApiTags('pipelines')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
@UseGuards(AdminKeyGuard)
@Controller('admin/v1')
export class PipelinesController {
  constructor(@Inject(GATEWAY) private readonly gateway: Gateway) {}

  @Get('pipeline-types')
  @ApiOperation({ summary: 'Pipeline types with their config JSON Schemas' })
  @ApiResponse({ status: 200, schema: typesSchema('pipeline_types') })
  types(): { pipeline_types: ReturnType<Gateway['model']['pipelineTypes']> } {
    return { pipeline_types: this.gateway.model.pipelineTypes() };
  }

  @Get('pipelines')
  @ApiOperation({ summary: 'List pipelines' })
  @ApiQuery({
    name: 'name_pattern',
    required: false,
    description: 'Regular expression the name must match',
  })
  @ApiQuery({
    name: 'types',
    required: false,
    description: 'Comma-separated or repeated pipeline types',
  })
  @ApiResponse({ status: 200, schema: listSchema('pipelines') })
  @ApiResponse({ status: 400, schema: errorSchema })
  list(
    @Query('name_pattern') namePattern: unknown,
    @Query('types') types: unknown,
  ): { pipelines: PipelineSpec[] } {
    return { pipelines: this.gateway.listPipelines(listFilter(namePattern, types)) };
  }

  @Post('pipelines')
  @ApiOperation({ summary: 'Create and launch a pipeline' })
  @ApiBody({ schema: specSchema })
  @ApiResponse({ status: 201, schema: specSchema })
  @ApiResponse({
    status: 400,
    description: 'Invalid spec or unknown plugin in plugin_names',
    schema: errorSchema,
  })
  @ApiResponse({ status: 409, description: 'Name taken', schema: errorSchema })
  @ApiResponse({ status: 413, description: 'Body over 1 MiB', schema: errorSchema })
  create(@Body() body: unknown): Promise<PipelineSpec> {
    return this.gateway.createPipeline(body);
  }

  @Put('pipelines')
  @ApiOperation({
    summary: 'Replace the config of the pipeline named in config.pipeline_name and relaunch it',
  })
  @ApiBody({ schema: specSchema })
  @ApiResponse({ status: 200, schema: specSchema })
  @ApiResponse({ status: 400, description: 'Invalid spec or unknown plugin', schema: errorSchema })
  @ApiResponse({ status: 404, schema: errorSchema })
  update(@Body() body: unknown): Promise<PipelineSpec> {
    return this.gateway.updatePipeline(body);
  }

  @Get('pipelines/:name')
  @ApiOperation({ summary: 'Get one pipeline' })
  @ApiParam({ name: 'name' })
  @ApiResponse({ status: 200, schema: specSchema })
  @ApiResponse({ status: 404, schema: errorSchema })
  get(@Param('name') name: string): PipelineSpec {
    return this.gateway.getPipeline(name);
  }

  @Delete('pipelines/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop and delete a pipeline' })
  @ApiParam({ name: 'name' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiResponse({ status: 404, schema: errorSchema })
  remove(@Param('name') name: string): Promise<void> {
    return this.gateway.deletePipeline(name);
  }
}
