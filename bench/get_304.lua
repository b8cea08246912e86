-- A client that is caught up polls a path with the ETag it holds: 304 expected (the
-- restriction feed's unit, a creditor's front-end polling its vote status).
-- args: token etag path
local token, etag, path
function init(args)
  token = args[1]; etag = args[2]; path = args[3]
  unexpected = 0
end
function request()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token, ["If-None-Match"] = etag})
end
function response(status) if status ~= 304 then unexpected = unexpected + 1 end end
