-- get-or-lease: read a cached value; on a miss, hand out a backfill lease unless one is out.
-- KEYS[1] the data key (prefix_key)
-- KEYS[2] the lease key (prefix~lease_key)
-- ARGV[1] the lease token to hand out
-- ARGV[2] lease lifetime in milliseconds
-- Returns {1, value} on a hit, {0, token} on a miss with the lease granted, {0} when another
-- reader holds the lease (that reader will backfill; this one must not).
local value = redis.call('GET', KEYS[1])
if value then
  return {1, value}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0, ARGV[1]}
end
return {0}
