-- wrk script of the bench (bench/run.sh): request i (0 to N - 1, shared out between wrk's
-- threads) is TEMPLATE with every "__I__" replaced by i, so each request sends a text of its
-- own; once a thread has had its share answered it stops. Requests beyond the share go to
-- IDLE_PATH, which sends nothing; their answers (status IDLE_STATUS, body starting with IDLE_BODY)
-- are not counted, whatever order answers come in. A request counts as accepted when its status
-- is ACCEPT_STATUS and its body starts with ACCEPT_BODY, as refused otherwise. Optional pacing: DELAY_MS
-- between the requests of one connection (the half-rate latency run); once a thread has sent
-- its share, its idle requests go one a second a connection. A thread writes the file
-- MARKER<thread>-sent when it has sent its share and MARKER<thread> when every answer came: wrk's
-- main thread sleeps for the whole -d duration whatever its threads do, so the bench interrupts
-- it (SIGINT) once every thread is done (or a few seconds after every request was sent: wrk
-- drops a request whose connection the server closed before answering), and wrk then prints its
-- summary, one line of JSON.
--
--   wrk -t2 -c16 -d3600s -s send.lua http://127.0.0.1:PORT -- TEMPLATE N THREADS IDLE_PATH IDLE_STATUS IDLE_BODY \
--       ACCEPT_STATUS ACCEPT_BODY DELAY_MS MARKER [KEY]
--
-- With KEY (the JSON API, bench/run.sh --api), TEMPLATE is "PATH<tab>BODY" and each request is a
-- POST of that JSON body with "Authorization: Bearer KEY"; without, a GET of TEMPLATE.
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
   idle_status = tonumber(args[5])
   idle_body = args[6]
   accept_status = tonumber(args[7])
   accept_body = args[8]
   pause = tonumber(args[9] or "0")
   marker = args[10]
   key = args[11]
   if key ~= nil and key ~= "" then
      local tab = template:find("\t", 1, true)
      post_path = template:sub(1, tab - 1)
      template = template:sub(tab + 1)
      post_headers = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
   end
   share = math.floor(n / count)
   first = index * share
   if index == count - 1 then
      share = n - first
   end
   verified = false
   sent = 0
   answered = 0
   ok = 0
   refused = 0
end

function request()
   -- wrk calls the first thread's request() once before any is sent, to count pipelined
   -- requests: that call must not take a number.
   if index == 0 and not verified then
      verified = true
      return wrk.format("GET", idle)
   end
   if sent >= share then
      return wrk.format("GET", idle)
   end
   local i = first + sent
   sent = sent + 1
   if sent == share then
      local f = io.open(marker .. index .. "-sent", "w")
      f:write("sent")
      f:close()
   end
   local filled = template:gsub("__I__", tostring(i))
   if post_path ~= nil then
      return wrk.format("POST", post_path, post_headers, filled)
   end
   return wrk.format("GET", filled)
end

function delay()
   if sent >= share then
      return 1000
   end
   return pause
end

function response(status, headers, body)
   if status == idle_status and body:sub(1, #idle_body) == idle_body then
      return
   end
   answered = answered + 1
   if status == accept_status and body:sub(1, #accept_body) == accept_body then
      ok = ok + 1
   else
      refused = refused + 1
   end
   if answered == share then
      local f = io.open(marker .. index, "w")
      f:write("done")
      f:close()
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
