-- A creditor's front-end polls its vote status with the ETag it holds, during a meeting
-- where nothing changed: 304 expected. args: token etag path
local token, etag, path
function init(args)
  token = args[1]; etag = args[2]; path = args[3]
  unexpected = 0
end
function request()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token, ["If-None-Match"] = etag})
end
function response(status) if status ~= 304 then unexpected = unexpected + 1 end end
