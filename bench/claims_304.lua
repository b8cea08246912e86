-- Scenario: a creditor's front-end polls its claims across cases (GET /v1/claims) with the
-- ETag of its last read: 304 expected. Unlike the feed's, this tag is the hash of the reply,
-- so every poll reads the claims from PostgreSQL. args: token etag
local token, etag
function init(args)
  token = args[1]; etag = args[2]
  unexpected = 0
end
function request()
  return wrk.format("GET", "/v1/claims", {["Authorization"] = "Bearer " .. token, ["If-None-Match"] = etag})
end
function response(status) if status ~= 304 then unexpected = unexpected + 1 end end
