// POST /v1/users: admin-only account creation.
import { Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { parseNewUserBody } from '../http/credentials';
import { JsonBody } from '../http/json-body';
import { AdminKeyGuard } from './admin-key.guard';
import { UsersService, type CreatedUser } from './users.service';

/** Account administration. */
@Controller('v1')
@UseGuards(AdminKeyGuard)
export class UsersController {
  constructor(@Inject(UsersService) private readonly usersService: UsersService) {}

  /** 201 `{id, username}`; 400 policy, 401/403 admin key, 409 taken, 503 database. */
  @Post('users')
  @HttpCode(201)
  create(@JsonBody() body: Record<string, unknown>): Promise<CreatedUser> {
    return this.usersService.create(parseNewUserBody(body));
  }
}
