-- write-fence: before the store of record is written, invalidate the key and put up a fence:
-- the cached value and any reader's lease are deleted, and no lease is granted until the write
-- completes (write-done) or the fence expires. Writers of one key are tracked in a hash; a
-- writer that meets another (before or after it) is marked as overlapped: the order in which
-- their store-of-record writes commit is unknown, so none of them may write its value through.
-- KEYS[1] the data key (prefix_key)
-- KEYS[2] the lease key (prefix~lease_key)
-- KEYS[3] the write fence (prefix~fence_key)
-- ARGV[1] this writer's token
-- ARGV[2] fence lifetime in milliseconds (a writer that dies leaves it to expire)
-- Returns 1.
redis.call('DEL', KEYS[1], KEYS[2])
local others = redis.call('HKEYS', KEYS[3])
for _, writer in ipairs(others) do
  redis.call('HSET', KEYS[3], writer, '1')
end
redis.call('HSET', KEYS[3], ARGV[1], #others > 0 and '1' or '0')
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 1
