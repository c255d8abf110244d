/**
 * Runnable README example: `node dist/examples/quickstart.js`. A flaky dependency behind a
 * command with a fallback; the circuit trips after enough failures and short-circuits.
 */
import { BreakerRegistry, type CallContext, isBreakerError } from '../index';

/** Runs the example and returns what it observed (the test checks it). */
export async function quickstart(): Promise<{ results: string[]; state: string; stateZh: string; errorCode: string | undefined }> {
  const registry = new BreakerRegistry();
  let calls = 0;
  // A dependency that is down: every call fails. Run functions get a CallContext ({signal}) first.
  const fetchPrice = async (_call: CallContext, sku: string): Promise<string> => {
    calls++;
    throw new Error(`price service down (sku ${sku}, call ${calls})`);
  };
  const price = registry.command('price-service.get', fetchPrice, (_err, sku) => `cached price of ${sku}`, {
    requestVolumeThreshold: 5, // trip quickly for the demo (hystrix default: 20)
  });
  const results: string[] = [];
  for (let i = 0; i < 7; i++) results.push(await price.execute('sku-1'));
  const m = price.metrics();
  // Without a fallback, the open circuit rejects with a typed breaker error.
  const bare = registry.command('price-service.get', fetchPrice);
  const outcome = await bare.go('sku-2');
  const errorCode = !outcome.ok && isBreakerError(outcome.error) ? outcome.error.code : undefined;
  registry.shutdown();
  return { results, state: m.state, stateZh: m.stateZh, errorCode };
}

if (require.main === module) {
  void quickstart().then((r) => console.log(JSON.stringify(r, null, 2)));
}
