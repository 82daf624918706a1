-- wrk script of the reads workload: each request GETs one of the paths listed in a file,
-- chosen at random, with the API key. The same script reads accounts and, as their ceiling,
-- one definition, so both pay the same client costs.
--
-- Arguments (after wrk's --): paths file, API key. done() prints one line
-- "BENCHMARK-RESULT {json}" with the counts and the latencies.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if #line > 0 then paths[#paths + 1] = line end
   end
   headers = { ["apikey"] = args[2] }
   answered_2xx = 0
   answered_other = 0
   math.randomseed(os.time() * 100 + #paths)
end

function request()
   return wrk.format("GET", paths[math.random(#paths)], headers)
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      answered_2xx = answered_2xx + 1
   else
      answered_other = answered_other + 1
   end
end

function done(summary, latency, requests)
   local ok, other = 0, 0
   for _, thread in ipairs(threads) do
      ok = ok + thread:get("answered_2xx")
      other = other + thread:get("answered_other")
   end
   io.write(string.format('BENCHMARK-RESULT {"requests":%d,"durationMicros":%d,'
      .. '"answered2xx":%d,"answeredOther":%d,"latencyP50Micros":%d,'
      .. '"latencyP99Micros":%d,"latencyMaxMicros":%d,"errorsConnect":%d,'
      .. '"errorsRead":%d,"errorsWrite":%d,"errorsTimeout":%d}\n',
      summary.requests, summary.duration, ok, other, latency:percentile(50),
      latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
      summary.errors.write, summary.errors.timeout))
end
