-- Prepended to touch, complete and fail: passes on only the caller's live lease.
-- KEYS[1] the record; ARGV[1] the caller's owner token.
-- Sets now (server time in milliseconds) and record {state, owner, created, expires}, or returns
-- {-1} expired, {-2} not in progress, {-3} not owner.
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
