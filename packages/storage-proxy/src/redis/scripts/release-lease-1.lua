-- release-lease: drop a backfill lease this reader will not use (its get-or-lease timed out on
-- the client while Redis granted it), so other readers may backfill the key at once instead of
-- waiting for the lease to expire. Only the holder's own token is deleted.
-- KEYS[1] the lease key (prefix~lease_key)
-- ARGV[1] the token the timed-out request asked for
-- Returns 1 when the lease was ours and is gone, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
