// Counters a StorageProxy keeps, plain numbers so reading them for metrics costs nothing.

/** What one proxy did since it was built. */
export interface ProxyStats {
  /** Keys answered by the prefered (cache) storage. */
  hits: number;
  /** Keys the prefered storage did not have. */
  misses: number;
  /** Backup reads made (a single-flight read counts once, a multiGet once). */
  backupReads: number;
  /** Keys written back into the prefered storage after a backup read. */
  backfills: number;
  /** Backfills that failed (swallowed, reported to onError). */
  backfillErrors: number;
  /** Prefered failures other than a miss: a cache outage or timeout. */
  preferedErrors: number;
  /** Reads that joined a backup read already running for the same key. */
  singleFlightJoins: number;
  /** Misses answered from the negative cache, without the backup. */
  negativeHits: number;
  /** Backfills skipped because the key was written while it was being read. */
  staleBackfillsSkipped: number;
  /** Cache writes after a successful store-of-record write that failed (the fence, or the delete before, keeps the cache from serving a stale value). */
  cacheWriteErrors: number;
}

/** A zeroed {@link ProxyStats}. */
export function newProxyStats(): ProxyStats {
  return {
    hits: 0,
    misses: 0,
    backupReads: 0,
    backfills: 0,
    backfillErrors: 0,
    preferedErrors: 0,
    singleFlightJoins: 0,
    negativeHits: 0,
    staleBackfillsSkipped: 0,
    cacheWriteErrors: 0,
  };
}
