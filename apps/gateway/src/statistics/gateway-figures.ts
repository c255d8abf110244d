import { loadavg } from 'node:os';

/** Figures of the gateway process itself (`/statistics/v1/gateway/...`). */
export const gatewayFigures = {
  uptime: (): { uptime_sec: number } => ({ uptime_sec: Math.round(process.uptime() * 1000) / 1000 }),
  rusage: (): NodeJS.ResourceUsage => process.resourceUsage(),
  loadavg: (): { load_1m: number; load_5m: number; load_15m: number } => {
    const [a, b, c] = loadavg();
    return { load_1m: a ?? 0, load_5m: b ?? 0, load_15m: c ?? 0 };
  },
};
