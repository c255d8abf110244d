-- Admits one request into a sliding window if fewer than ARGV[2] were admitted within the last
-- ARGV[1] microseconds, timed by the Redis server's clock so every gateway agrees on "now".
-- KEYS[1] the window: a sorted set of admitted requests, scored by admission time (µs)
-- ARGV[1] the window length, µs
-- ARGV[2] the limit, requests per window
-- ARGV[3] a member id unique to this request (gateway id and a counter)
-- Returns {admitted (1 or 0), requests in the window after this one, µs until the oldest leaves it}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local admitted = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  count = count + 1
  admitted = 1
end
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then
  reset = tonumber(oldest[2]) + window - now
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1)
end
return {admitted, count, reset}
