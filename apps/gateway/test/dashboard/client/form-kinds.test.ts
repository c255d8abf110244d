import { hintOf, kindOf } from '../../../src/dashboard/form-fields';
import { formatIndicator, formatNs, formatPercent, formatRate } from '../../../src/dashboard/format';
import type { JsonSchema } from '../../../src/dashboard/types';
import { builtinPlugins } from '../../../src/plugins';
import { linearPipelineSchema } from '../../../src/engine/pipeline-config';

/** Which editor each schema gets, checked on the schemas the gateway really serves. */
describe('dashboard form kinds', () => {
  const schemaOf = (kind: string): JsonSchema => builtinPlugins.find((p) => p.kind === kind)!.schema as JsonSchema;
  const prop = (kind: string, name: string): JsonSchema => schemaOf(kind).properties![name]!;

  it('gives the options of the built-in plugins inputs; only a map of lists and a list of maps are edited as JSON', () => {
    const asJson: string[] = [];
    for (const p of builtinPlugins) {
      expect([p.kind, kindOf(p.schema as JsonSchema)]).toEqual([p.kind, 'object']);
      for (const [name, s] of Object.entries((p.schema as JsonSchema).properties!)) if (kindOf(s) === 'json') asJson.push(`${p.kind}.${name}`);
    }
    // header name -> allowed values, and per target a map task key -> regex: a form of rows of
    // lists or of maps would be no easier than the JSON; a JSON Schema is JSON by nature.
    expect(asJson.sort()).toEqual(['HTTPInput.headers_enum', 'JSONValidator.schema', 'UpstreamOutput.filter_conditions']);
  });

  it('maps each shape to its editor', () => {
    expect(kindOf(prop('ThroughputRateLimiter', 'tps'))).toBe('string');
    expect(kindOf(prop('ThroughputRateLimiter', 'timeout_msec'))).toBe('integer');
    expect(kindOf(prop('HTTPOutput', 'timeout_sec'))).toBe('number');
    expect(kindOf(prop('HTTPServer', 'keepalive'))).toBe('boolean');
    expect(kindOf(prop('TokenValidator', 'revocation'))).toBe('enum');
    expect(kindOf(prop('TokenValidator', 'algorithms'))).toBe('array-enum');
    expect(kindOf(prop('TokenValidator', 'keys'))).toBe('array');
    expect(kindOf(prop('HTTPOutput', 'expected_response_codes'))).toBe('array');
    expect(kindOf(prop('HTTPOutput', 'header_patterns'))).toBe('map');
    expect(kindOf(linearPipelineSchema.properties as JsonSchema)).toBe('json');
    expect(kindOf((linearPipelineSchema as JsonSchema).properties!['plugin_names']!)).toBe('array');
  });

  it('falls back to a JSON editor for what a form cannot express', () => {
    expect(kindOf({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toBe('json');
    expect(kindOf({ $ref: '#/definitions/x' })).toBe('json');
    expect(kindOf({ type: 'object' })).toBe('json');
    expect(kindOf({ type: 'object', additionalProperties: { type: 'object' } })).toBe('json');
    expect(kindOf({ type: 'array', items: [{ type: 'string' }] })).toBe('json');
    expect(kindOf({ type: ['string', 'null'] })).toBe('json');
    expect(kindOf({ type: 'array', items: { type: 'array', items: { type: 'string' } } })).toBe('json');
  });

  it('hints bounds, pattern and default', () => {
    expect(hintOf(prop('HTTPServer', 'port'))).toBe('0 to 65535 · default 10080');
    expect(hintOf({ type: 'number', exclusiveMinimum: 0, maximum: 10 })).toBe('0 (excl.) to 10');
    expect(hintOf({ type: 'string', pattern: '^a$', maxLength: 3 })).toBe('pattern ^a$ · at most 3 characters');
  });

  it('formats figures for reading', () => {
    expect([formatRate(0), formatRate(0.5), formatRate(12.34), formatRate(1234.5)]).toEqual(['0', '0.50', '12.3', '1,235']);
    expect([formatNs(null), formatNs(850), formatNs(8_500), formatNs(850_000), formatNs(3_200_000), formatNs(45_000_000), formatNs(3.2e9)]).toEqual(['–', '850 ns', '8.5 µs', '850 µs', '3.20 ms', '45.0 ms', '3.20 s']);
    expect([formatPercent(0), formatPercent(3.46), formatPercent(47.2), formatPercent(null)]).toEqual(['0 %', '3.5 %', '47 %', '–']);
    expect(formatIndicator('FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN', 12)).toBe('12 %');
    expect(formatIndicator('EXECUTION_TIME_99_PERCENT_ALL', 2_000_000)).toBe('2.00 ms');
    expect(formatIndicator('INBOUND_THROUGHPUT_RATE_LAST_1MIN', 4.2)).toBe('4.2/s');
    expect(formatIndicator('WAIT_QUEUE_LENGTH', 3)).toBe('3');
    expect(formatIndicator('EXECUTION_TIME_COUNT_ALL', 30)).toBe('30');
  });
});
