-- Prepended to touch and finish: passes on only the caller's live lease.
-- KEYS[1] the record; ARGV[1] the caller's owner token. Runs after now.lua.
-- Sets created (the lease's start, as stored), or returns '-expired', '-not_in_progress' or
-- '-not_owner'.
local record = redis.call('GET', KEYS[1])
if not record then
    return '-expired'
end
local isLive, durationEnd = live(record)
if not isLive then
    return '-expired'
end
if string.sub(record, 1, 1) ~= 'i' then
    return '-not_in_progress'
end
local ownerEnd = string.find(record, ',', durationEnd + 1, true)
if string.sub(record, durationEnd + 1, ownerEnd - 1) ~= ARGV[1] then
    return '-not_owner'
end
local created = string.sub(record, ownerEnd + 1, string.find(record, ',', ownerEnd + 1, true) - 1)
