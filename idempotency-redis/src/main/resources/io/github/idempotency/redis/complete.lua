-- Stores the result of the caller's lease and keeps the record for the retention.
-- KEYS[1] the record; ARGV[1] the caller's owner token; ARGV[2] the retention in milliseconds
-- (<= 0 removes the record); ARGV[3] the result bytes; ARGV[4] their SHA-256 in hex.
-- Returns {0, state, owner, created, updated, expires, result (omitted), result_hash}, or {-1}
-- expired, {-2} not in progress, {-3} not owner.
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
local retention = tonumber(ARGV[2])
if retention <= 0 then
    redis.call('DEL', KEYS[1])
    return {0, 'complete', false, record[3], now, now, false, ARGV[4]}
end
local expires = now + retention
redis.call('HDEL', KEYS[1], 'owner', 'error_code', 'error_message')
redis.call('HSET', KEYS[1], 'state', 'complete', 'updated', string.format('%d', now),
    'expires', string.format('%d', expires), 'result', ARGV[3], 'result_hash', ARGV[4])
redis.call('PEXPIREAT', KEYS[1], string.format('%d', expires))
return {0, 'complete', false, record[3], now, expires, false, ARGV[4]}
