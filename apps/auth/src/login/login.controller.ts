// POST /v1/login: HTTP in, LoginService, X-UID out.
import { Controller, HttpCode, Inject, Ip, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseLoginBody } from '../http/credentials';
import { JsonBody } from '../http/json-body';
import { LoginService } from './login.service';

/** The login endpoint the gateway's public login route points at. */
@Controller('v1')
export class LoginController {
  constructor(@Inject(LoginService) private readonly loginService: LoginService) {}

  /** 200 + `X-UID` on success; 400, 401, 429 or 503 with `{code, message}` otherwise. */
  @Post('login')
  @HttpCode(200)
  async login(
    @JsonBody() body: Record<string, unknown>,
    @Ip() ip: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ uid: string }> {
    res.setHeader('Cache-Control', 'no-store');
    const { username, password } = parseLoginBody(body);
    const { uid } = await this.loginService.login(username, password, ip ?? 'unknown');
    res.setHeader('X-UID', uid);
    return { uid };
  }
}
