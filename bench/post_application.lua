-- Scenario 4: POST a creditor's petition (a write with its audit row, act and deadlines).
-- Each request files against a debtor no other request used, so every one must be 201.
-- A creditor names the person (issue 16): each line of the file is {"name":..,"id_number":..}.
-- args: people_file token
local ids, token, next_index, step = {}, nil, 1, 1
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  token = args[2]
  next_index = offset or 1
  step = 2 -- wrk runs 2 threads here: thread k takes k, k+2, k+4, ...
  unexpected = 0
end
function request()
  local id = ids[next_index] or ids[#ids]
  next_index = next_index + step
  local body = '{"debtor":' .. id .. ',"procedure":"liquidation",' ..
               '"claims":[{"amount":"600000.00","due_date":"2025-12-31"}],' ..
               '"materials":[{"kind":"application","reference":"a"},{"kind":"claim_proof","reference":"b"}]}'
  return wrk.format("POST", "/v1/applications",
                    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
function response(status) if status ~= 201 then unexpected = unexpected + 1 end end
