-- Scenario 3: a page of 100 changes after a random cursor.
-- args: token head
local token, head
function init(args) token = args[1]; head = tonumber(args[2]); unexpected = 0 end
function request()
  local after = math.random(0, math.max(head - 100, 0))
  return wrk.format("GET", "/v1/restrictions/changes?limit=100&after=" .. after,
                    {["Authorization"] = "Bearer " .. token})
end
function response(status) if status ~= 200 then unexpected = unexpected + 1 end end
