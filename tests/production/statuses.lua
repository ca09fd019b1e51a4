-- wrk script: count the answers by status, over every thread, and print them at the end
-- as "status 200 1234" lines (wrk's own summary lumps every non-2xx/3xx together).
local threads = {}

-- The URL names the certificate's host (for SNI); connect to 127.0.0.1 whatever it
-- resolves to.
function setup(thread)
  thread.addr = wrk.lookup("127.0.0.1", wrk.port)[1]
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\n", status, count))
  end
  local e = summary.errors
  io.write(string.format("socket_errors %d %d %d %d %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format("latency_max_ms %.1f\n", latency.max / 1000))
end
