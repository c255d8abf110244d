-- get-or-lease: read a cached value; on a miss, hand out a backfill lease unless one is out or a
-- write of the key is in progress (its fence is up: the value being written is not in the store
-- of record yet, so nobody may backfill what they read meanwhile).
-- KEYS[1] the data key (prefix_key)
-- KEYS[2] the lease key (prefix~lease_key)
-- KEYS[3] the write fence (prefix~fence_key, a hash of writer tokens)
-- ARGV[1] the lease token to hand out
-- ARGV[2] lease lifetime in milliseconds
-- Returns {1, value} on a hit, {0, token} on a miss with the lease granted, {0} when another
-- reader holds the lease or a write is in progress (this reader must not backfill).
local value = redis.call('GET', KEYS[1])
if value then
  return {1, value}
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {0}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0, ARGV[1]}
end
return {0}
