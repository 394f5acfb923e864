-- wrk script: every request asks for a different pair page, walking the list of paths in
-- bench/results/pairs.txt (written by bench/run.py; more paths than the run makes requests).
local paths = {}
local n = 0

init = function(args)
  for line in io.lines(args[1]) do
    n = n + 1
    paths[n] = line
  end
  -- Each wrk thread starts at its own offset so that threads never ask for the same page.
  counter = tonumber(args[2] or "0")
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % n) + 1])
end
