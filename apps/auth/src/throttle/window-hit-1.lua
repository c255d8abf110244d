--[[
  Counts one login attempt in a fixed window.

  KEYS[1]  counter key of one window (the caller appends the window index to the key)
  ARGV[1]  time to live of the counter in milliseconds (the window length plus slack)

  Returns the count after the increment. INCR and PEXPIRE run atomically, so a counter never
  lives without an expiry even if the client dies between the two.
]]
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count
