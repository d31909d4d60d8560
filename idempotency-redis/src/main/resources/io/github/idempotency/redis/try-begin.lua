-- Acquires a lease, or answers replay or conflict with the record as it stands.
-- KEYS[1] the record; ARGV[1] the new owner token; ARGV[2] the lease in milliseconds (> 0).
-- Returns {0 acquired | 1 replay | 2 conflict, state, owner, created, updated, expires, result,
-- result_hash, error_code, error_message}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local record = redis.call('HMGET', KEYS[1], 'state', 'owner', 'created', 'updated', 'expires',
    'result', 'result_hash', 'error_code', 'error_message')
-- Redis removes a key only after its expiry instant; the contract expires it at that instant.
if record[1] and tonumber(record[5]) > now then
    if record[1] == 'in_progress' then
        return {2, unpack(record)}
    end
    return {1, unpack(record)}
end
local expires = now + tonumber(ARGV[2])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'in_progress', 'owner', ARGV[1],
    'created', string.format('%d', now), 'updated', string.format('%d', now),
    'expires', string.format('%d', expires))
redis.call('PEXPIREAT', KEYS[1], string.format('%d', expires))
return {0, 'in_progress', ARGV[1], now, now, expires}
