-- Scenario 2: a unit that is caught up polls the restriction feed with the current ETag:
-- 304 expected. args: token etag head
local token, etag, path
function init(args)
  token = args[1]; etag = args[2]
  path = "/v1/restrictions/changes?limit=100&after=" .. args[3]
  unexpected = 0
end
function request()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token, ["If-None-Match"] = etag})
end
function response(status) if status ~= 304 then unexpected = unexpected + 1 end end
