-- Records the failure of the caller's lease and keeps the record for the retention.
-- KEYS[1] the record; ARGV[1] the caller's owner token; ARGV[2] the retention in milliseconds
-- (<= 0 removes the record); ARGV[3] the error code; ARGV[4] the error message.
-- Returns {0, state, owner, created, updated, expires, result, result_hash, error_code,
-- error_message}, or {-1} expired, {-2} not in progress, {-3} not owner.
-- Runs after fence.lua, which sets now and record.
local retention = tonumber(ARGV[2])
if retention <= 0 then
    redis.call('DEL', KEYS[1])
    return {0, 'failed', false, record[3], now, now, false, false, ARGV[3], ARGV[4]}
end
local expires = now + retention
redis.call('HDEL', KEYS[1], 'owner', 'result', 'result_hash')
redis.call('HSET', KEYS[1], 'state', 'failed', 'updated', string.format('%d', now),
    'expires', string.format('%d', expires), 'error_code', ARGV[3], 'error_message', ARGV[4])
redis.call('PEXPIREAT', KEYS[1], string.format('%d', expires))
return {0, 'failed', false, record[3], now, expires, false, false, ARGV[3], ARGV[4]}
