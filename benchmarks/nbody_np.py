"""The Computer Language Benchmarks Game `nbody` (Sun, Jupiter, Saturn, Uranus, Neptune),
with the state in numpy arrays: positions and velocities as (n, 3) float64 arrays, masses as
an (n,) array.

`make_system` (the BENCHMARK "setup") builds the Benchmarks Game initial state, momentum
offset by the Sun, and is not timed.  The kernel copies positions and velocities into arrays
of its own, so the inputs are never changed, then advances `steps` steps of dt = 0.01 (each
pair of bodies once per step, then every position) and returns the total energy before and
after.  The Benchmarks Game prints -0.169075164 and, after 1000 steps, -0.169087605.  The
loops do the same float operations in the same order under every implementation, so the
results are expected to be equal exactly.

Plain Python and numpy (no lesto import): explicit loops, `len(a)`, `a[i, k]` reads and
stores, `np.empty`, `math.sqrt`.
"""
import math

import numpy as np

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24

BODIES = (
    # position (AU), velocity (AU / day), mass (solar masses): Sun, Jupiter, Saturn, Uranus,
    # Neptune
    ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 1.0),
    ((4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01),
     (1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05),
     9.54791938424326609e-04),
    ((8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01),
     (-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05),
     2.85885980666130812e-04),
    ((1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01),
     (2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05),
     4.36624404335156298e-05),
    ((1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01),
     (2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05),
     5.15138902046611451e-05),
)


def make_system(steps):
    """The benchmark arguments (pos, vel, mass, steps): velocities in AU per year, masses
    in units where G = 1, the Sun's velocity chosen so the total momentum is zero."""
    n = len(BODIES)
    pos = np.empty((n, 3))
    vel = np.empty((n, 3))
    mass = np.empty(n)
    for i in range(n):
        p, v, m = BODIES[i]
        mass[i] = m * SOLAR_MASS
        for k in range(3):
            pos[i, k] = p[k]
            vel[i, k] = v[k] * DAYS_PER_YEAR
    for k in range(3):
        momentum = 0.0
        for i in range(n):
            momentum += vel[i, k] * mass[i]
        vel[0, k] = -momentum / SOLAR_MASS
    return (pos, vel, mass, steps)


def energy(pos, vel, mass):
    """Kinetic plus potential energy of the system."""
    n = len(mass)
    e = 0.0
    for i in range(n):
        e += 0.5 * mass[i] * (vel[i, 0] * vel[i, 0] + vel[i, 1] * vel[i, 1]
                              + vel[i, 2] * vel[i, 2])
        for j in range(i + 1, n):
            dx = pos[i, 0] - pos[j, 0]
            dy = pos[i, 1] - pos[j, 1]
            dz = pos[i, 2] - pos[j, 2]
            e -= mass[i] * mass[j] / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def nbody(pos0, vel0, mass, steps):
    """(energy before, energy after) `steps` steps of dt = 0.01 from (pos0, vel0)."""
    n = len(mass)
    pos = np.empty((n, 3))
    vel = np.empty((n, 3))
    for i in range(n):
        for k in range(3):
            pos[i, k] = pos0[i, k]
            vel[i, k] = vel0[i, k]
    dt = 0.01
    e0 = energy(pos, vel, mass)
    for _ in range(steps):
        for i in range(n):
            for j in range(i + 1, n):
                dx = pos[i, 0] - pos[j, 0]
                dy = pos[i, 1] - pos[j, 1]
                dz = pos[i, 2] - pos[j, 2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                mi = mass[i] * mag
                mj = mass[j] * mag
                vel[i, 0] = vel[i, 0] - dx * mj
                vel[i, 1] = vel[i, 1] - dy * mj
                vel[i, 2] = vel[i, 2] - dz * mj
                vel[j, 0] = vel[j, 0] + dx * mi
                vel[j, 1] = vel[j, 1] + dy * mi
                vel[j, 2] = vel[j, 2] + dz * mi
        for i in range(n):
            pos[i, 0] = pos[i, 0] + dt * vel[i, 0]
            pos[i, 1] = pos[i, 1] + dt * vel[i, 1]
            pos[i, 2] = pos[i, 2] + dt * vel[i, 2]
    return (e0, energy(pos, vel, mass))


BENCHMARK = {
    "name": "nbody_np",
    "entry": "nbody",
    "setup": "make_system",
    "args": (20000,),
    "quick_args": (1000,),
    "boundscheck": True,
    "target": {"vs": "numba", "max_ratio": 1.2},
    "description": "Benchmarks Game n-body, state in (n, 3) float64 arrays",
}
