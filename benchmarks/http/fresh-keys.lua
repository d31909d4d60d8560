-- POST /orders with an Idempotency-Key no request has used before: the filter's fresh path.
-- wrk runs this script once per thread; the run's nonce (first script argument) and the thread's
-- number keep the keys of every thread and every run apart.
local threads = 0

function setup(thread)
  thread:set("number", threads)
  threads = threads + 1
end

local prefix
local counter = 0

function init(args)
  prefix = (args[1] or "run") .. "-" .. tostring(number) .. "-"
end

local headers = { ["Content-Type"] = "application/json" }
local body = '{"item":"book","quantity":1}'

function request()
  counter = counter + 1
  headers["Idempotency-Key"] = prefix .. counter
  return wrk.format("POST", "/orders", headers, body)
end
