-- Baseline: nginx serving a small static JSON file on loopback.
function init(args) unexpected = 0 end
function response(status) if status ~= 200 then unexpected = unexpected + 1 end end
