-- Acquires a lease, or answers with the live record that stands in the way (replay or conflict).
-- KEYS[1] the record; ARGV[1] the new owner token; ARGV[2] the lease in milliseconds (> 0).
-- Returns the record afterwards: a new in-progress record owned by ARGV[1] when acquired, else the
-- record found. Runs after now.lua.
local record = redis.call('GET', KEYS[1])
-- Redis removes a key only after its expiry instant; the contract expires it at that instant.
if record and live(record) then
    return record
end
record = 'i' .. nowText .. ',' .. ARGV[2] .. ',' .. ARGV[1] .. ',' .. nowText .. ','
redis.call('SET', KEYS[1], record, 'PX', ARGV[2])
return record
