-- wrk script of the single-adds workload: each request adds the same amount, under a
-- transactionId of its own, to one of the accounts listed in a file, chosen at random.
--
-- Arguments (after wrk's --): accounts file, log file prefix, transactionId prefix, API key,
-- amount. Each thread logs every request it makes ("S <id> <account>") and every answer
-- ("R <status> <id>", the id read back from the X-Request-Id header the service echoes) to
-- <prefix>-<thread>.log, so the benchmark knows which adds were acknowledged, which were
-- refused and which were cut off when the run ended; the id doubles as X-Request-Id. (wrk
-- also calls request() once before the run, to check the script: that add is logged but
-- never sent, and the benchmark sends it like any add that got no answer.)
-- done() prints one line "BENCHMARK-RESULT {json}" with the counts and the latencies.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_number", #threads)
end

function init(args)
   accounts = {}
   for line in io.lines(args[1]) do
      if #line > 0 then accounts[#accounts + 1] = line end
   end
   log = io.open(args[2] .. "-" .. thread_number .. ".log", "w")
   prefix = args[3] .. "-" .. thread_number .. "-"
   key = args[4]
   amount = args[5]
   sent = 0
   answered_2xx = 0
   answered_other = 0
   math.randomseed(os.time() * 100 + thread_number)
end

function request()
   sent = sent + 1
   local id = prefix .. sent
   local account = accounts[math.random(#accounts)]
   log:write("S ", id, " ", account, "\n")
   local body = '{"accountId":"' .. account .. '","transactionId":"' .. id
      .. '","transactionType":"Addition","amount":' .. amount
      .. ',"description":"benchmark single add","source":"Benchmark"}'
   return wrk.format("POST", "/api/v3/point-transactions", {
      ["Content-Type"] = "application/json",
      ["apikey"] = key,
      ["X-Request-Id"] = id,
   }, body)
end

function response(status, headers, body)
   local id = headers["X-Request-Id"] or headers["x-request-id"] or "-"
   log:write("R ", status, " ", id, "\n")
   if status >= 200 and status < 300 then
      answered_2xx = answered_2xx + 1
   else
      answered_other = answered_other + 1
   end
   -- wrk never closes the threads' files; flush so the log is whole when wrk exits.
   if (answered_2xx + answered_other) % 256 == 0 then log:flush() end
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
