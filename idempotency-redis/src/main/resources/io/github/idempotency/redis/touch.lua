-- Extends the lease of an in-progress record held by the caller.
-- KEYS[1] the record; ARGV[1] the caller's owner token; ARGV[2] the lease in milliseconds (> 0).
-- Returns {0, state, owner, created, updated, expires}, or {-1} expired, {-2} not in progress,
-- {-3} not owner.
-- Runs after fence.lua, which sets now and record.
local expires = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'updated', string.format('%d', now), 'expires', string.format('%d', expires))
redis.call('PEXPIREAT', KEYS[1], string.format('%d', expires))
return {0, 'in_progress', ARGV[1], record[3], now, expires}
