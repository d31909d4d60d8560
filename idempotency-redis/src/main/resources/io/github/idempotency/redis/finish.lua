-- Ends the caller's lease with a result or a failure and keeps the record for the retention.
-- KEYS[1] the record; ARGV[1] the caller's owner token; ARGV[2] the retention in milliseconds
-- ('0' removes the record); ARGV[3] the final state, 'c' complete or 'f' failed; ARGV[4] the
-- record's tail (result or failure, see RecordValue). Runs after now.lua and fence.lua.
-- Returns the record without its tail, which the caller already has.
local header = ARGV[3] .. nowText .. ',' .. ARGV[2] .. ',,' .. created .. ','
if ARGV[2] == '0' then
    redis.call('DEL', KEYS[1])
else
    redis.call('SET', KEYS[1], header .. ARGV[4], 'PX', ARGV[2])
end
return header
