-- Scenario 2: the restriction feed polled with the current ETag: 304 expected.
-- args: token etag
local token, etag
function init(args) token = args[1]; etag = args[2]; unexpected = 0 end
function request()
  return wrk.format("GET", "/v1/restrictions/changes",
                    {["Authorization"] = "Bearer " .. token, ["If-None-Match"] = etag})
end
function response(status) if status ~= 304 then unexpected = unexpected + 1 end end
