--[[
fold-1.lua — folds a batch of tick reports of one cluster group, all or nothing, once per job.

KEYS[1]  sorted set of folded job ids (score = tick): the idempotency check
ARGV[1]  key base of the group, e.g. "gatehouse:stats:{default}" (every key below starts with it:
         one hash slot per group)
ARGV[2]  ids scored below this are trimmed from KEYS[1] (older than the dedupe window)
ARGV[3]  number of jobs J, then J pairs: job id, tick
then operations until the end of ARGV, each a tag and its fields:
  "B" suffix expireAt nResults, then per result: tag n sum m2 min max zero nBins (binKey count)*
      — merge a bucket hash: counts and bins add, min/max keep the extreme, m2 merges by Chan's
        formula; EXPIREAT expireAt
  "T" suffix sN fN      — HINCRBY the series' totals
  "C" suffix field tick — HSET a catalogue entry to the tick when newer

Returns {0} after applying everything, or {1, id, …} naming the jobs folded before — then NOTHING
was applied and the caller folds the batch again without them.
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
for j = 0, nJobs - 1 do
  redis.call('ZADD', applied, ARGV[5 + 2 * j], ARGV[4 + 2 * j])
end
redis.call('ZREMRANGEBYSCORE', applied, '-inf', '(' .. ARGV[2])

local function num(x)
  return string.format('%.17g', x)
end

local i = 4 + 2 * nJobs
local n = #ARGV
while i <= n do
  local op = ARGV[i]
  local key = base .. ARGV[i + 1]
  if op == 'B' then
    local expireAt = ARGV[i + 2]
    local nResults = tonumber(ARGV[i + 3])
    i = i + 4
    for _ = 1, nResults do
      local t = ARGV[i] .. '.'
      local nb, sb, m2b = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
      local minb, maxb, zb = tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5]), tonumber(ARGV[i + 6])
      local nBins = tonumber(ARGV[i + 7])
      local cur = redis.call('HMGET', key, t .. 'n', t .. 'sum', t .. 'm2', t .. 'min', t .. 'max')
      local na = tonumber(cur[1]) or 0
      if na == 0 then
        redis.call('HSET', key, t .. 'n', num(nb), t .. 'sum', num(sb), t .. 'm2', num(m2b), t .. 'min', num(minb), t .. 'max', num(maxb))
      else
        local sa, m2a = tonumber(cur[2]), tonumber(cur[3])
        local mina, maxa = tonumber(cur[4]), tonumber(cur[5])
        local nn = na + nb
        local delta = sb / nb - sa / na
        redis.call('HSET', key, t .. 'n', num(nn), t .. 'sum', num(sa + sb), t .. 'm2', num(m2a + m2b + delta * delta * na * nb / nn),
          t .. 'min', num(math.min(mina, minb)), t .. 'max', num(math.max(maxa, maxb)))
      end
      if zb > 0 then redis.call('HINCRBY', key, t .. 'z', zb) end
      local b = i + 8
      for _ = 1, nBins do
        redis.call('HINCRBY', key, t .. ARGV[b], ARGV[b + 1])
        b = b + 2
      end
      i = b
    end
    redis.call('EXPIREAT', key, expireAt)
  elseif op == 'T' then
    if ARGV[i + 2] ~= '0' then redis.call('HINCRBY', key, 's.n', ARGV[i + 2]) end
    if ARGV[i + 3] ~= '0' then redis.call('HINCRBY', key, 'f.n', ARGV[i + 3]) end
    i = i + 4
  elseif op == 'C' then
    local old = tonumber(redis.call('HGET', key, ARGV[i + 2]) or '-1')
    if tonumber(ARGV[i + 3]) > old then redis.call('HSET', key, ARGV[i + 2], ARGV[i + 3]) end
    i = i + 4
  else
    return redis.error_reply('fold-1: unknown operation ' .. tostring(op))
  end
end
return {0}
