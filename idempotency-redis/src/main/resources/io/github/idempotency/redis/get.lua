-- Reads a record unless it is absent or expired.
-- KEYS[1] the record.
-- Returns {0, state, owner, created, updated, expires, result, result_hash, error_code,
-- error_message}, or {-1} when absent or expired.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local record = redis.call('HMGET', KEYS[1], 'state', 'owner', 'created', 'updated', 'expires',
    'result', 'result_hash', 'error_code', 'error_message')
if not record[1] or tonumber(record[5]) <= now then
    return {-1}
end
return {0, unpack(record)}
