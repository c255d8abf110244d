import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors';
import {
  chooseEncoding,
  DEFAULT_DASHBOARD_DIR,
  etagOf,
  loadDashboardFiles,
  notModified,
  type DashboardAsset,
  type DashboardFiles,
} from './dashboard-assets';

/**
 * The page runs only its own bundled script and style, talks only to this origin, and cannot be
 * framed; nothing inline is allowed. uPlot styles its elements through the CSSOM, which
 * `style-src` does not restrict.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The dashboard: the page at `/` and its hashed assets at `/dashboard/<name>`, read from the
 * gateway's build output once and answered from memory (ETag, 304, Brotli/gzip as built). The
 * files hold no data and need no key; every figure the page shows comes from the API, behind
 * the admin key. Only names the build wrote are served: a request path never reaches the disk.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  /** undefined until the first request; null when the dashboard was not built. */
  private files: DashboardFiles | null | undefined;

  @Get()
  page(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    send(req, res, this.built().index);
  }

  @Get('dashboard/:file')
  asset(@Param('file') file: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const asset = this.built().assets.get(file);
    if (asset === undefined) throw new GatewayError('GW_NOT_FOUND', `no dashboard file ${JSON.stringify(file.slice(0, 128))}`);
    send(req, res, asset);
  }

  private built(): DashboardFiles {
    if (this.files === undefined) this.files = loadDashboardFiles(DEFAULT_DASHBOARD_DIR) ?? null;
    if (this.files === null) {
      throw new GatewayError('GW_NOT_FOUND', 'the dashboard is not built: run the gateway build (pnpm build), then restart');
    }
    return this.files;
  }
}

function send(req: IncomingMessage, res: ServerResponse, asset: DashboardAsset): void {
  const header = req.headers['accept-encoding'];
  const encoding = chooseEncoding(Array.isArray(header) ? header.join(',') : header, asset);
  const etag = etagOf(asset, encoding);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Cache-Control', asset.cacheControl);
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (notModified(req.headers['if-none-match'], etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = asset.bodies[encoding]!;
  res.statusCode = 200;
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Content-Length', body.length);
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  res.end(req.method === 'HEAD' ? undefined : body);
}
