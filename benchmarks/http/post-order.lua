-- POST /orders with the same body every time. The Idempotency-Key header, when there is one, is
-- given on the command line (-H): without it the filter passes every request to the handler; with
-- one fixed key every request after the first is a replay.
wrk.method = "POST"
wrk.body = '{"item":"book","quantity":1}'
wrk.headers["Content-Type"] = "application/json"
