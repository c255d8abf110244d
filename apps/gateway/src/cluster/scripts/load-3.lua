-- Reads a group's state in one step: the snapshot and every operation after it, so a trim that
-- follows a new snapshot cannot slip in between the two reads.
-- KEYS[1] the snapshot (hash: seq, config)
-- KEYS[2] the log (stream)
-- KEYS[3] the sequence counter
-- ARGV[1] read operations after this sequence number instead, when the log still holds them
--         ("" = from the snapshot)
-- Returns {snapshotSeq, snapshotConfig or false, counter, {{id, {"op", json}}, ...}}; when ARGV[1]
-- is given and its operations are still in the log, snapshotSeq is ARGV[1] and the config false.
local snapSeq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local counter = tonumber(redis.call('GET', KEYS[3]) or '0')
local from = tonumber(ARGV[1])
if from ~= nil then
  local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
  local oldest = counter + 1
  if #first > 0 then
    oldest = tonumber(string.match(first[1][1], '^(%d+)'))
  end
  if from + 1 >= oldest or from >= counter then
    return {from, false, counter, redis.call('XRANGE', KEYS[2], (from + 1) .. '-0', '+')}
  end
end
local config = redis.call('HGET', KEYS[1], 'config') or false
return {snapSeq, config, counter, redis.call('XRANGE', KEYS[2], (snapSeq + 1) .. '-0', '+')}
