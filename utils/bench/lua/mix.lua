-- mix.lua [SCALE]: the fixed script mix of the Lua benchmark
-- (utils/bench/lua-build.sh, lua-run.py). Each part exercises a different
-- side of the VM and prints a checksum, so that every build must print the
-- same lines. Nothing here depends on time, addresses or table order.
local scale = tonumber(arg and arg[1]) or 1

local function report(name, value)
  print(string.format("%-10s %s", name, tostring(value)))
end

-- Calls and integer arithmetic.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
report("fib", fib(20 + scale))

-- Loops over floats and integers, the numeric for and while.
do
  local s, x = 0.0, 1
  for i = 1, 200000 * scale do
    s = s + (i % 7) * 0.5 - (i // 3) * 1e-6
    x = (x * 1103515245 + 12345) & 0x7fffffff
  end
  local n, steps = 27, 0
  for _ = 1, 200 * scale do
    n = 27
    while n ~= 1 do
      if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
      steps = steps + 1
    end
  end
  report("numeric", string.format("%.6f %d %d", s, x, steps))
end

-- Tables: arrays, hashes with string keys, sort with a comparator.
do
  local t = {}
  local seed = 42
  for i = 1, 20000 * scale do
    seed = (seed * 16807) % 2147483647
    t[i] = seed % 100000
  end
  table.sort(t, function(a, b) return a > b end)
  local h = {}
  for i = 1, #t do
    local k = "k" .. (t[i] % 997)
    h[k] = (h[k] or 0) + 1
  end
  local sum = 0
  for i = 0, 996 do sum = sum + (h["k" .. i] or 0) * i end
  report("tables", t[1] .. " " .. t[#t] .. " " .. sum)
end

-- Strings: concatenation, format, patterns, gsub with a function.
do
  local parts = {}
  for i = 1, 5000 * scale do
    parts[#parts + 1] = string.format("%05d:%s", i, string.rep("ab", i % 5))
  end
  local s = table.concat(parts, ",")
  local count = 0
  for word in s:gmatch("%d+:(a?b?)") do
    if #word > 0 then count = count + 1 end
  end
  local upper = s:sub(1, 20000):gsub("[ab]+", function(m) return m:upper() end)
  report("strings", #s .. " " .. count .. " " .. #upper .. " " .. upper:sub(1, 16))
end

-- Closures, varargs and metatables (objects with inheritance).
do
  local Account = {}
  Account.__index = Account
  function Account.new(b) return setmetatable({ balance = b }, Account) end
  function Account:deposit(v) self.balance = self.balance + v end
  local Saving = setmetatable({}, { __index = Account })
  Saving.__index = Saving
  function Saving.new(b) return setmetatable(Account.new(b), Saving) end
  function Saving:interest() self:deposit(self.balance // 100) end
  local total = 0
  for i = 1, 3000 * scale do
    local a = Saving.new(i)
    a:deposit(i % 13)
    a:interest()
    total = total + a.balance
  end
  local function counter()
    local c = 0
    return function(...) c = c + select("#", ...); return c end
  end
  local f = counter()
  for i = 1, 20000 * scale do f(i, i, i % 3) end
  local v = setmetatable({}, { __add = function(a, b) return a.x + b end,
                               __len = function() return 7 end })
  v.x = 5
  report("objects", total .. " " .. f() .. " " .. (v + 1) .. " " .. #v)
end

-- Coroutines: a generator pipeline.
do
  local function gen(n)
    return coroutine.wrap(function()
      for i = 1, n do coroutine.yield(i) end
    end)
  end
  local function filter(src)
    return coroutine.wrap(function()
      for v in src do if v % 3 ~= 0 then coroutine.yield(v * 2) end end
    end)
  end
  local s = 0
  for v in filter(gen(20000 * scale)) do s = s + v end
  report("coroutine", s)
end

-- Garbage: many short-lived tables and strings.
do
  local keep = {}
  for i = 1, 30000 * scale do
    local t = { i, tostring(i), { i } }
    if i % 100 == 0 then keep[#keep + 1] = t end
  end
  collectgarbage()
  report("garbage", #keep .. " " .. keep[#keep][2])
end
