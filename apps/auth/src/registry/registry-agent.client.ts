// Registration through the per-host registry agent (slides 21-22): POST /v1/register with the
// service's address and health URL, retried with exponential backoff while the agent is
// unreachable or answers 5xx; a 4xx means our parameters are wrong, so it is logged and not
// retried. Whatever happens the service keeps serving - registration failure is an alarm (an
// error log with AUTH_REGISTRATION_FAILED), not a crash. Shutdown deregisters with {name, id}.
import { request } from 'undici';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { RegistrationFailedError } from '../errors';

/** What the service tells the agent about itself. */
export interface ServiceRegistration {
  readonly name: string;
  readonly version: string;
  readonly address: string;
  readonly port: number;
  readonly health_url: string;
}

/** Options of the agent client. */
export interface RegistryAgentClientOptions {
  /** Base URL of the agent, e.g. http://127.0.0.1:8500. */
  agentUrl: string;
  /** The registration body. */
  registration: ServiceRegistration;
  logger: Logger;
  clock: Clock;
  /** Register attempts before giving up. @default 5 */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled per attempt. @default 500 */
  baseDelayMs?: number;
  /** Largest backoff delay in ms. @default 10000 */
  maxDelayMs?: number;
  /** Per-request timeout in ms. @default 2000 */
  timeoutMs?: number;
}

interface AgentReply {
  status: number;
  body: unknown;
}

/** Registers and deregisters one service instance with the local agent. */
export class RegistryAgentClient {
  private id: string;
  private registered = false;
  private stopped = false;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: RegistryAgentClientOptions) {
    const r = options.registration;
    // The registry's globally unique id convention is name-host-port; the agent may assign its own.
    this.id = `${r.name}-${r.address}-${r.port}`;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** The instance id used for deregistration. */
  get instanceId(): string {
    return this.id;
  }

  /** Registers, retrying with backoff; resolves true once registered, false after giving up. */
  async register(): Promise<boolean> {
    const { logger, clock } = this.options;
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopped; attempt += 1) {
      let reason: unknown;
      try {
        const reply = await this.post('v1/register', this.options.registration);
        if (reply.status >= 200 && reply.status < 300) {
          const id = (reply.body as { id?: unknown } | null)?.id;
          if (typeof id === 'string' && id.length > 0) this.id = id;
          this.registered = true;
          logger.info({ agent: this.options.agentUrl, id: this.id }, 'registered with the registry agent');
          return true;
        }
        if (reply.status >= 400 && reply.status < 500) {
          const err = new RegistrationFailedError(`registry agent rejected the registration (${reply.status})`, {
            cause: reply.body,
          });
          logger.error({ code: err.code, status: reply.status, body: reply.body }, err.message);
          return false;
        }
        reason = { status: reply.status, body: reply.body };
      } catch (err) {
        reason = err;
      }
      if (attempt < this.maxAttempts) {
        const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        logger.warn({ attempt, delayMs: delay, err: reason }, 'registry agent unavailable; retrying registration');
        await clock.sleep(delay);
      } else {
        const err = new RegistrationFailedError(
          `registry agent unreachable after ${this.maxAttempts} attempts; serving unregistered`,
          { cause: reason },
        );
        logger.error({ code: err.code, err: reason }, err.message);
      }
    }
    return false;
  }

  /** Stops pending retries and deregisters when registered; failures are logged, never thrown. */
  async deregister(): Promise<void> {
    this.stopped = true;
    if (!this.registered) return;
    try {
      const reply = await this.post('v1/deregister', { name: this.options.registration.name, id: this.id });
      if (reply.status >= 300) {
        this.options.logger.warn({ status: reply.status, body: reply.body }, 'registry agent refused deregistration');
      } else {
        this.registered = false;
        this.options.logger.info({ id: this.id }, 'deregistered from the registry agent');
      }
    } catch (err) {
      this.options.logger.warn({ err }, 'registry agent unreachable during deregistration');
    }
  }

  private async post(path: string, body: unknown): Promise<AgentReply> {
    const url = new URL(path, this.options.agentUrl.endsWith('/') ? this.options.agentUrl : `${this.options.agentUrl}/`);
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      // Keep the raw text: an agent error page is still worth logging.
    }
    return { status: res.statusCode, body: parsed };
  }
}
