-- Scenario 1: GET one application by id, ids drawn at random, as the court.
-- args: ids_file token
local ids, token = {}, nil
function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  token = args[2]
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  unexpected = 0
end
function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/v1/applications/" .. id, {["Authorization"] = "Bearer " .. token})
end
function response(status) if status ~= 200 then unexpected = unexpected + 1 end end
