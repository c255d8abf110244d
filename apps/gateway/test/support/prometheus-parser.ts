import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One sample of a parsed metric family (histograms give `_bucket`, `_sum` and `_count` samples). */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric family as the official Prometheus client's text parser reads it. */
export interface PromFamily {
  name: string;
  type: string;
  help: string;
  samples: PromSample[];
}

/** Debian's python3 with the `prometheus_client` package (apt: python3-prometheus-client). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": f.name, "type": f.type, "help": f.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value if math.isfinite(s.value) else str(s.value)} for s in f.samples]})
json.dump(out, sys.stdout)
`;

/** True when the parser can run here; CI installs it (.ci/run), a dev machine may not have it. */
export function prometheusParserAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import prometheus_client.parser'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses a Prometheus text exposition with the official Python client's parser, which rejects
 * malformed lines (it raises, and this throws).
 */
export function parsePrometheusText(text: string): PromFamily[] {
  return JSON.parse(execFileSync(PYTHON, ['-c', SCRIPT], { input: text, encoding: 'utf8' })) as PromFamily[];
}
