/** Entry of a `GATEWAY_WORKERS` data-plane process, forked by the primary's WorkerPool. */
import { runWorker } from './data-plane-worker';

runWorker();
