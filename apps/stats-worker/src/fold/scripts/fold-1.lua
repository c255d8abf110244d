--[[
fold-1.lua — applies a batch of tick reports of one cluster group, all or nothing, once per job.
The worker merged the batch with what the buckets held when it read them; this script writes the
merged sketches only if no bucket changed since (its fold counter `v` is what the worker read).

KEYS[1]  sorted set of folded job ids (score = tick): the idempotency check
ARGV[1]  key base of the group, e.g. "gatehouse:stats:{default}" (every key below starts with it:
         one hash slot per group)
ARGV[2]  ids scored below this are trimmed from KEYS[1] (older than the dedupe window)
ARGV[3]  number of jobs J, then J pairs: job id, tick
then operations until the end of ARGV, each a tag and its fields:
  "B" suffix v expireAt nFields, then nFields pairs: field value
                        — if the bucket's `v` (0 when absent) is v: HSET the fields and v+1,
                          EXPIREAT expireAt (the values are whole sketches `s`, `f` and a
                          plugin's indicator folds `g`, already merged with what was read)
  "T" suffix sN fN      — HINCRBY the series' totals
  "C" suffix field tick — HSET a catalogue entry to the tick when newer
  "D" suffix            — DEL a claimed report's body (it is counted now, or never will be)

Returns {0} after applying everything;
        {1, id, …} naming jobs folded before: NOTHING was applied, fold again without them;
        {2, suffix} when a bucket changed since the worker read it (another worker folded into
        it): NOTHING was applied, read again and merge again.
]]
local applied = KEYS[1]
local base = ARGV[1]
local nJobs = tonumber(ARGV[3])

local dups = {}
for j = 0, nJobs - 1 do
  local id = ARGV[4 + 2 * j]
  if redis.call('ZSCORE', applied, id) then dups[#dups + 1] = id end
end
if #dups > 0 then
  table.insert(dups, 1, 1)
  return dups
end

local first = 4 + 2 * nJobs
local n = #ARGV

-- Every bucket first: one that moved aborts the batch before anything is written.
local i = first
while i <= n do
  local op = ARGV[i]
  if op == 'B' then
    local v = tonumber(redis.call('HGET', base .. ARGV[i + 1], 'v') or '0')
    if v ~= tonumber(ARGV[i + 2]) then return {2, ARGV[i + 1]} end
    i = i + 5 + 2 * tonumber(ARGV[i + 4])
  elseif op == 'T' or op == 'C' then
    i = i + 4
  elseif op == 'D' then
    i = i + 2
  else
    return redis.error_reply('fold-1: unknown operation ' .. tostring(op))
  end
end

for j = 0, nJobs - 1 do
  redis.call('ZADD', applied, ARGV[5 + 2 * j], ARGV[4 + 2 * j])
end
redis.call('ZREMRANGEBYSCORE', applied, '-inf', '(' .. ARGV[2])

i = first
while i <= n do
  local op = ARGV[i]
  local key = base .. ARGV[i + 1]
  if op == 'B' then
    local nFields = tonumber(ARGV[i + 4])
    local args = {key, 'v', tonumber(ARGV[i + 2]) + 1}
    for f = 0, nFields - 1 do
      args[#args + 1] = ARGV[i + 5 + 2 * f]
      args[#args + 1] = ARGV[i + 6 + 2 * f]
    end
    redis.call('HSET', unpack(args))
    redis.call('EXPIREAT', key, ARGV[i + 3])
    i = i + 5 + 2 * nFields
  elseif op == 'T' then
    if ARGV[i + 2] ~= '0' then redis.call('HINCRBY', key, 's.n', ARGV[i + 2]) end
    if ARGV[i + 3] ~= '0' then redis.call('HINCRBY', key, 'f.n', ARGV[i + 3]) end
    i = i + 4
  elseif op == 'C' then
    local old = tonumber(redis.call('HGET', key, ARGV[i + 2]) or '-1')
    if tonumber(ARGV[i + 3]) > old then redis.call('HSET', key, ARGV[i + 2], ARGV[i + 3]) end
    i = i + 4
  else -- 'D'
    redis.call('DEL', key)
    i = i + 2
  end
end
return {0}
