--[[
read-0.lua — what the buckets a fold adds to hold now, in one round trip.

ARGV[1]  key base of the group (as in fold-1.lua)
ARGV[2…] bucket key suffixes
Returns, per bucket in order: its fold counter `v`, its success sketch `s`, its failure sketch
`f`, its plugin indicator folds `g` (5-s plugin buckets only) — an empty string for what it lacks
(a nil would end the reply array early).
]]
local base = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local r = redis.call('HMGET', base .. ARGV[i], 'v', 's', 'f', 'g')
  out[#out + 1] = r[1] or ''
  out[#out + 1] = r[2] or ''
  out[#out + 1] = r[3] or ''
  out[#out + 1] = r[4] or ''
end
return out
