import { SafeRegex } from '../../engine/safe-regex';
import { isFieldValue } from '../shared/http-grammar';
import type { Task } from '../../engine/task';
import { definePlugin, type PluginInstance } from '../../engine/types';
import { httpRedirectSchema, type HttpRedirectConfig } from './schema';

/**
 * The slide's API-upgrade plugin: when the request matches, answer with a 3xx and a Location
 * built from the match, without calling a backend; otherwise let the task go on.
 */
export class HttpRedirect implements PluginInstance {
  private readonly re: SafeRegex;

  constructor(private readonly c: Readonly<HttpRedirectConfig>) {
    this.re = SafeRegex.compile(c.match, 'config.match');
  }

  run(task: Task): void {
    const subject = this.subject(task);
    const m = this.re.exec(subject);
    if (m === undefined) return;
    const location = this.re.replaceMatch(subject, m, this.c.replacement);
    task.setValue(this.c.response_code_key, this.c.status_code);
    task.setValue(this.c.response_header_key, { location, 'content-length': '0' });
    task.finishEarly();
  }

  private subject(task: Task): string {
    const uri = String(task.value('REQUEST_URI') ?? '');
    if (this.c.match_part === 'uri') return uri;
    if (this.c.match_part === 'path') return String(task.value('PATH_INFO') ?? '');
    const scheme = task.value('HTTPS') === 'on' ? 'https' : 'http';
    return `${scheme}://${String(task.value('HTTP_HOST') ?? '')}${uri}`;
  }
}

export const httpRedirectPlugin = definePlugin<HttpRedirectConfig>({
  kind: 'HTTPRedirect',
  description: 'Answers matching requests with a 3xx redirect (API upgrades) without calling a backend.',
  schema: httpRedirectSchema,
  validate: (c) => {
    SafeRegex.compile(c.match, 'config.match');
    if (!isFieldValue(c.replacement)) return { field: 'config.replacement', message: 'has characters a Location header cannot carry (CR, LF, NUL, controls)' };
    return undefined;
  },
  create: (config) => new HttpRedirect(config),
});
