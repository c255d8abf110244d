import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { ClusterAdmin, GroupHealth } from '../../cluster/cluster-admin';
import { AdminKeyGuard } from '../auth/admin-key.guard';
import { CLUSTER_ADMIN } from '../admin.tokens';
import { errorSchema } from '../openapi/schemas';
import { groupHealthSchema } from './cluster.schemas';

/** `/cluster/health/v1/{group}/members`: who is in the group, alive or failed, and how far each has applied the log. */
@ApiTags('cluster')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'API key missing or refused', schema: errorSchema })
@UseGuards(AdminKeyGuard)
@Controller('cluster/health/v1')
export class ClusterHealthController {
  constructor(@Inject(CLUSTER_ADMIN) private readonly cluster: ClusterAdmin) {}

  @Get('members')
  @ApiOperation({ summary: "Members of this node's own group (the dashboard's cluster section)" })
  @ApiResponse({ status: 200, schema: groupHealthSchema })
  ownGroup(): Promise<GroupHealth> {
    return this.cluster.health(this.cluster.group);
  }

  @Get(':group/members')
  @ApiOperation({ summary: 'Members of a group: mode, endpoint, alive, max_sequence, synced, sync_lag, alarm' })
  @ApiParam({ name: 'group' })
  @ApiResponse({ status: 200, schema: groupHealthSchema })
  members(@Param('group') group: string): Promise<GroupHealth> {
    return this.cluster.health(group);
  }
}
