-- Extends the lease of an in-progress record held by the caller.
-- KEYS[1] the record; ARGV[1] the caller's owner token; ARGV[2] the lease in milliseconds (> 0).
-- Returns {0, state, owner, created, updated, expires}, or {-1} expired, {-2} not in progress,
-- {-3} not owner.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local record = redis.call('HMGET', KEYS[1], 'state', 'owner', 'created', 'expires')
if not record[1] or tonumber(record[4]) <= now then
    return {-1}
end
if record[1] ~= 'in_progress' then
    return {-2}
end
if record[2] ~= ARGV[1] then
    return {-3}
end
local expires = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'updated', string.format('%d', now), 'expires', string.format('%d', expires))
redis.call('PEXPIREAT', KEYS[1], string.format('%d', expires))
return {0, 'in_progress', ARGV[1], record[3], now, expires}
