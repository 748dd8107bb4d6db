-- Lua workload for the bench: three classic CPU kernels, written for this project.
-- Usage: lua bench.lua FANNKUCH_N NBODY_STEPS SPECTRAL_N

-- Fannkuch: for every permutation of 1..n, count prefix reversals until 1 leads.
local function fannkuch(n)
  local perm, count = {}, {}
  for i = 1, n do perm[i] = i end
  local checksum, max_flips, sign = 0, 0, 1
  local work = {}
  while true do
    for i = 1, n do work[i] = perm[i] end
    local flips = 0
    local first = work[1]
    while first ~= 1 do
      local lo, hi = 1, first
      while lo < hi do
        work[lo], work[hi] = work[hi], work[lo]
        lo, hi = lo + 1, hi - 1
      end
      flips = flips + 1
      first = work[1]
    end
    if flips > max_flips then max_flips = flips end
    checksum = checksum + sign * flips
    sign = -sign
    -- next permutation in the rotation order used by the classic benchmark
    local r = 2
    while true do
      if r > n then return checksum, max_flips end
      local head = perm[1]
      for i = 1, r - 1 do perm[i] = perm[i + 1] end
      perm[r] = head
      count[r] = (count[r] or 0) + 1
      if count[r] < r then break end
      count[r] = 0
      r = r + 1
    end
  end
end

-- N-body: five bodies under gravity, symplectic Euler steps; returns energy before/after.
local function nbody(steps)
  local pi, days = 3.141592653589793, 365.24
  local mass = 4 * pi * pi
  local bodies = {
    {0, 0, 0, 0, 0, 0, mass},
    {4.84, -1.16, -0.10, 0.00166 * days, 0.00770 * days, -0.0000690 * days, 0.000954 * mass},
    {8.34, 4.12, -0.40, -0.00277 * days, 0.00500 * days, 0.0000230 * days, 0.000286 * mass},
    {12.89, -15.11, -0.22, 0.00296 * days, 0.00237 * days, -0.0000296 * days, 0.0000437 * mass},
    {15.38, -25.92, 0.18, 0.00268 * days, 0.00163 * days, -0.0000952 * days, 0.0000515 * mass},
  }
  local function energy()
    local e = 0
    for i = 1, #bodies do
      local a = bodies[i]
      e = e + 0.5 * a[7] * (a[4] * a[4] + a[5] * a[5] + a[6] * a[6])
      for j = i + 1, #bodies do
        local b = bodies[j]
        local dx, dy, dz = a[1] - b[1], a[2] - b[2], a[3] - b[3]
        e = e - a[7] * b[7] / math.sqrt(dx * dx + dy * dy + dz * dz)
      end
    end
    return e
  end
  local before = energy()
  local dt = 0.01
  for _ = 1, steps do
    for i = 1, #bodies do
      local a = bodies[i]
      for j = i + 1, #bodies do
        local b = bodies[j]
        local dx, dy, dz = a[1] - b[1], a[2] - b[2], a[3] - b[3]
        local d2 = dx * dx + dy * dy + dz * dz
        local mag = dt / (d2 * math.sqrt(d2))
        a[4], a[5], a[6] = a[4] - dx * b[7] * mag, a[5] - dy * b[7] * mag, a[6] - dz * b[7] * mag
        b[4], b[5], b[6] = b[4] + dx * a[7] * mag, b[5] + dy * a[7] * mag, b[6] + dz * a[7] * mag
      end
    end
    for _, a in ipairs(bodies) do
      a[1], a[2], a[3] = a[1] + dt * a[4], a[2] + dt * a[5], a[3] + dt * a[6]
    end
  end
  return before, energy()
end

-- Spectral norm: power iteration on the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1).
local function spectral_norm(n)
  local function a(i, j)
    local ij = i + j
    return 1.0 / (ij * (ij + 1) / 2 + i + 1)
  end
  local function times(out, v, transposed)
    for i = 0, n - 1 do
      local sum = 0
      for j = 0, n - 1 do
        sum = sum + (transposed and a(j, i) or a(i, j)) * v[j]
      end
      out[i] = sum
    end
  end
  local u, v, tmp = {}, {}, {}
  for i = 0, n - 1 do u[i] = 1 end
  for _ = 1, 10 do
    times(tmp, u, false); times(v, tmp, true)
    times(tmp, v, false); times(u, tmp, true)
  end
  local vbv, vv = 0, 0
  for i = 0, n - 1 do
    vbv, vv = vbv + u[i] * v[i], vv + v[i] * v[i]
  end
  return math.sqrt(vbv / vv)
end

local fn, steps, sn = tonumber(arg[1] or 9), tonumber(arg[2] or 100000), tonumber(arg[3] or 200)
local checksum, flips = fannkuch(fn)
print(string.format("fannkuch(%d) checksum %d max-flips %d", fn, checksum, flips))
local e0, e1 = nbody(steps)
print(string.format("nbody(%d) energy %.12f -> %.12f", steps, e0, e1))
print(string.format("spectral-norm(%d) %.12f", sn, spectral_norm(sn)))
