-- wrk script: POSTs form-encoded instant queries like Grafana does, cycling through a small query mix.
local queries = {
  "up",
  "sum by (job) (rate(http_requests_total[5m]))",
  "1+1",
  "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
}
local times = os.getenv("LOAD_TIME") or "1700010807"
local i = 0

local function escape(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  local body = "query=" .. escape(q) .. "&time=" .. times
  return wrk.format("POST", "/api/v1/query", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
