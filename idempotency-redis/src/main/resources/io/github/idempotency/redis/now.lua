-- Prepended to every script: the Redis server's time in epoch milliseconds, as text (nowText), so
-- the application's clocks never matter. It stays text until a script must compare it: turning
-- text into numbers and back costs the server more than the rest of a script.
local time = redis.call('TIME')
local nowText = time[1] .. string.sub('00000' .. time[2], -6, -4)

-- Whether a record '<state><updated>,<duration>,...' is still live: it expires at updated + duration.
local function live(record)
    local updatedEnd = string.find(record, ',', 2, true)
    local durationEnd = string.find(record, ',', updatedEnd + 1, true)
    return string.sub(record, 2, updatedEnd - 1) + string.sub(record, updatedEnd + 1, durationEnd - 1)
        > tonumber(nowText), durationEnd
end
