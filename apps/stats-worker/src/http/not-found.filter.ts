import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { HttpResponse } from './tokens';
import { NotFoundError } from '../errors';

/** Unknown routes answer `{code: STATS_NOT_FOUND, message}` like every Gatehouse service. */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  catch(_err: NotFoundException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<{ method: string; path: string }>();
    http.getResponse<HttpResponse>().status(404).json(new NotFoundError(`${req.method} ${req.path}`.slice(0, 200)).toJSON());
  }
}
