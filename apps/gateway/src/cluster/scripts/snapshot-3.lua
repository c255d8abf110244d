-- Stores the configuration as of sequence ARGV[1] and trims the log older than the snapshot,
-- keeping ARGV[3] operations before it for readers that are a little behind.
-- KEYS[1] the snapshot (hash: seq, config)
-- KEYS[2] the sequence counter
-- KEYS[3] the log (stream)
-- ARGV[1] the snapshot's sequence number (must not exceed the counter, nor go backwards)
-- ARGV[2] the configuration, JSON {plugins, pipelines}
-- ARGV[3] how many operations up to the snapshot to keep in the log
-- Returns 1 when stored, 0 when an equal or newer snapshot exists or the number is ahead of the log.
local seq = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local existing = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
if seq > current or seq <= existing then
  return 0
end
redis.call('HSET', KEYS[1], 'seq', seq, 'config', ARGV[2])
local keepFrom = seq - tonumber(ARGV[3]) + 1
if keepFrom > 1 then
  redis.call('XTRIM', KEYS[3], 'MINID', keepFrom .. '-0')
end
return 1
