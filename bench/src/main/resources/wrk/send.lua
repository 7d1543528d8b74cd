-- wrk script of the bench (bench/run.sh): request i (0 to N - 1, shared out between wrk's
-- threads) is TEMPLATE with every "__I__" replaced by i, so each request sends a text of its
-- own; once a thread has had its share answered it stops. Requests beyond the share (one per
-- connection at most) go to IDLE_PATH, which sends nothing. A request counts as accepted when
-- its status is ACCEPT_STATUS and its body starts with ACCEPT_BODY. Optional pacing: DELAY_MS
-- between the requests of one connection (the half-rate latency run). Prints one line of JSON.
--
--   wrk -t2 -c16 -d3600s -s send.lua http://127.0.0.1:PORT -- TEMPLATE N THREADS IDLE_PATH ACCEPT_STATUS ACCEPT_BODY [DELAY_MS]
local threads = {}
local counter = 0

function setup(thread)
   thread:set("index", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   template = args[1]
   local n = tonumber(args[2])
   local count = tonumber(args[3])
   idle = args[4]
   accept_status = tonumber(args[5])
   accept_body = args[6]
   pause = tonumber(args[7] or "0")
   share = math.floor(n / count)
   first = index * share
   if index == count - 1 then
      share = n - first
   end
   sent = 0
   answered = 0
   ok = 0
   refused = 0
end

function request()
   if sent >= share then
      return wrk.format("GET", idle)
   end
   local i = first + sent
   sent = sent + 1
   return wrk.format("GET", (template:gsub("__I__", tostring(i))))
end

function delay()
   return pause
end

function response(status, headers, body)
   answered = answered + 1
   if answered <= share then
      if status == accept_status and body:sub(1, #accept_body) == accept_body then
         ok = ok + 1
      else
         refused = refused + 1
      end
   end
   if answered >= share then
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local oks, refusals = 0, 0
   for _, t in ipairs(threads) do
      oks = oks + t:get("ok")
      refusals = refusals + t:get("refused")
   end
   io.write(string.format('{"requests":%d,"ok":%d,"failed":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,'
      .. '"write_errors":%d,"timeouts":%d,"status_errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
      summary.requests, oks, refusals, summary.duration, summary.errors.connect, summary.errors.read,
      summary.errors.write, summary.errors.timeout, summary.errors.status,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
