-- write-done: after the store-of-record write, lift this writer's fence. The value is written
-- through only when the write succeeded (ARGV[2] = 'set') and no other write of the key
-- overlapped it and its fence had not expired; otherwise the key is deleted and the next read
-- backfills it from the store of record. Any reader lease granted meanwhile is revoked.
-- KEYS[1] the data key (prefix_key)
-- KEYS[2] the lease key (prefix~lease_key)
-- KEYS[3] the write fence (prefix~fence_key)
-- ARGV[1] this writer's token
-- ARGV[2] 'set' to write the value through, 'del' to only invalidate
-- ARGV[3] the encoded value (ignored for 'del')
-- ARGV[4] TTL in seconds (0: no expiry)
-- Returns 1 when the value was written through, 0 when the key was deleted.
local mark = redis.call('HGET', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[2])
if ARGV[2] == 'set' and mark == '0' then
  if tonumber(ARGV[4]) > 0 then
    redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4])
  else
    redis.call('SET', KEYS[1], ARGV[3])
  end
  return 1
end
redis.call('DEL', KEYS[1])
return 0
