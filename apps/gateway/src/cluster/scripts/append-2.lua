-- Appends one operation to a group's log as number ARGV[1], only if that is the next number.
-- KEYS[1] the log (a stream; entry ids are "<seq>-0", so ids and sequence numbers agree)
-- KEYS[2] the sequence counter (string integer; absent = 0)
-- ARGV[1] the sequence number the operation asks for
-- ARGV[2] the operation, JSON
-- Returns {"ok", seq}, {"conflict", current} when ARGV[1] <= current, {"invalid", current}
-- when ARGV[1] > current + 1.
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local want = tonumber(ARGV[1])
if want <= current then
  return {'conflict', current}
end
if want > current + 1 then
  return {'invalid', current}
end
redis.call('XADD', KEYS[1], want .. '-0', 'op', ARGV[2])
redis.call('SET', KEYS[2], want)
return {'ok', want}
