-- Every request from its own client address (through the trusted proxy), as
-- thousands of owners on their phones would: the per-address limit still
-- counts each of them.
local counter = 0
request = function()
  counter = counter + 1
  local a = counter % 250 + 1
  local b = math.floor(counter / 250) % 250 + 1
  local c = math.random(1, 250)
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", c, b, a)
  return wrk.format(nil)
end
