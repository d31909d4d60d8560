-- Reads a record unless it is absent or expired.
-- KEYS[1] the record. Returns the record, or nil. Runs after now.lua.
local record = redis.call('GET', KEYS[1])
if record and live(record) then
    return record
end
return false
