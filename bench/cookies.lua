-- Each request carries the next session cookie from BENCH_COOKIES_FILE, so a page that
-- uses up its session (the self-check result) is measured with a fresh one each time.
-- The two wrk threads take alternate lines, so no session is used twice. The page's
-- "cookie" option (BENCH_EXTRA_COOKIE) goes with each session cookie.
local threads = {}
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("offset", counter)
  table.insert(threads, thread)
end

init = function(args)
  keys = {}
  for line in io.lines(os.getenv("BENCH_COOKIES_FILE")) do
    table.insert(keys, line)
  end
  index = offset
  -- Any other cookie a visitor at this page holds (bench/run.py: the csrftoken).
  extra = os.getenv("BENCH_EXTRA_COOKIE") or ""
  if extra ~= "" then
    extra = "; " .. extra
  end
end

request = function()
  -- Past the end (a very fast run) the sessions are reused: the page then redirects,
  -- which bench/run.py reports as a warning.
  local key = keys[((index - 1) % #keys) + 1]
  index = index + 2
  return wrk.format(nil, nil, { Cookie = "sessionid=" .. key .. extra })
end

dofile(os.getenv("BENCH_REPORT_LUA"))
