-- Extends the lease of an in-progress record held by the caller.
-- KEYS[1] the record; ARGV[1] the caller's owner token; ARGV[2] the lease in milliseconds (> 0).
-- Returns the record. Runs after now.lua and fence.lua.
local record = 'i' .. nowText .. ',' .. ARGV[2] .. ',' .. ARGV[1] .. ',' .. created .. ','
redis.call('SET', KEYS[1], record, 'PX', ARGV[2])
return record
