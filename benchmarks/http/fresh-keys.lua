-- POST an order with a key no request has used before: the fresh path. wrk runs this script once
-- per thread; the run's nonce (first script argument) and the thread's number keep the keys of every
-- thread and every run apart. The second argument names the header that carries the key
-- (Idempotency-Key, read by the filter, unless told otherwise); the path is the URL's.
local threads = 0

function setup(thread)
  thread:set("number", threads)
  threads = threads + 1
end

local prefix
local header
local counter = 0

function init(args)
  prefix = (args[1] or "run") .. "-" .. tostring(number) .. "-"
  header = args[2] or "Idempotency-Key"
end

local headers = { ["Content-Type"] = "application/json" }
local body = '{"item":"book","quantity":1}'

function request()
  counter = counter + 1
  headers[header] = prefix .. counter
  return wrk.format("POST", nil, headers, body)
end
