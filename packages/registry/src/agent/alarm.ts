// Alarms (slides 22-23: every retry-exhausted path ends in 监控报警, a monitoring alarm).
// Sinks: a pino log line, and a webhook POST through undici. A sink that fails never breaks the
// request that raised the alarm.
import type { Logger } from 'pino';
import { request } from 'undici';
import { describe } from '../errors';

/** One alarm. */
export interface AlarmEvent {
  /** Stable error code, e.g. REG_AGENT_REGISTRY_UNAVAILABLE. */
  code: string;
  message: string;
  /** Short text of the underlying failure. */
  cause?: string;
  /** Extra fields (service name, attempts...). */
  context?: Record<string, unknown>;
}

/** Where alarms go. */
export interface Alarm {
  raise(event: AlarmEvent): Promise<void>;
}

/** Writes alarms as pino `error` lines with `alarm: true`. */
export class LogAlarmSink implements Alarm {
  constructor(private readonly logger: Logger) {}

  async raise(event: AlarmEvent): Promise<void> {
    this.logger.error({ alarm: true, code: event.code, cause: event.cause, ...event.context }, event.message);
  }
}

/** Options of the webhook sink. */
export interface WebhookAlarmOptions {
  /** Per-request timeout. @default 2000 */
  timeoutMs?: number;
  /** Identifies this agent in the payload. @default os hostname is left to the caller */
  source?: string;
}

/** POSTs `{source, at, ...event}` as JSON to a URL (Slack/Alertmanager bridges, PagerDuty relays). */
export class WebhookAlarmSink implements Alarm {
  constructor(private readonly url: string, private readonly opts: WebhookAlarmOptions = {}) {}

  async raise(event: AlarmEvent): Promise<void> {
    const timeout = this.opts.timeoutMs ?? 2000;
    const res = await request(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: this.opts.source ?? 'gatehouse-registry-agent', at: new Date().toISOString(), ...event }),
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    await res.body.dump();
    if (res.statusCode >= 300) throw new Error(`alarm webhook answered ${res.statusCode}`);
  }
}

/** Fans an alarm out to several sinks; a failing sink is reported to `onSinkError` only. */
export class CompositeAlarm implements Alarm {
  constructor(private readonly sinks: Alarm[], private readonly onSinkError: (err: unknown) => void = () => undefined) {}

  async raise(event: AlarmEvent): Promise<void> {
    await Promise.all(
      this.sinks.map((s) =>
        s.raise(event).catch((err: unknown) => {
          this.onSinkError(err);
        }),
      ),
    );
  }
}

/** Text for `AlarmEvent.cause`. */
export function causeText(err: unknown): string {
  return describe(err);
}
