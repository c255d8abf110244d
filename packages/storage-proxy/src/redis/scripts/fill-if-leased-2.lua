-- fill-if-leased: backfill a value only while the reader's lease is still valid, i.e. no write of
-- the key revoked it since the miss. Atomic, so no write can slip between the check and the SET.
-- KEYS[1] the data key (prefix_key)
-- KEYS[2] the lease key (prefix~lease_key)
-- ARGV[1] the lease token the reader got from get-or-lease
-- ARGV[2] the encoded value
-- ARGV[3] TTL in seconds (0: no expiry)
-- Returns 1 when the value was stored, 0 when the lease was gone (the backfill is dropped).
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[2])
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
