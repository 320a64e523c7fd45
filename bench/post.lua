-- wrk script: POST a one-person booking as JSON. Arguments: path, first slot id, last slot id.
-- Each request books a random slot in [first, last] (one slot when they are equal).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path, lo, hi = args[1], tonumber(args[2]), tonumber(args[3])
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  counter = counter + 1
  local slot = lo
  if hi > lo then slot = math.random(lo, hi) end
  local body = string.format(
    '{"slot": %d, "name": "Bench %d-%d", "email": "bench%d-%d@example.com", "party_size": 1}',
    slot, tid, counter, tid, counter)
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

done = require("bench_done")
