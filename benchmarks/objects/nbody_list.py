"""The Computer Language Benchmarks Game `nbody` (Sun, Jupiter, Saturn, Uranus, Neptune)
with each body a plain list of floats [x, y, z, vx, vy, vz, mass] in a list of bodies.

`nbody(steps)` builds the system (momentum offset by the Sun), advances `steps` steps of
dt = 0.01 (each pair of bodies once per step, then every position) and returns the total
energy before and after.  The Benchmarks Game prints -0.169075164 and, after 1000 steps,
-0.169087605: `check` asserts those to 9 decimals (and that energy is nearly conserved for
other step counts).

Plain Python (no lesto import): list indexing, tuple unpacking, math.sqrt.
"""
import math

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24

BODIES = (
    # position (AU), velocity (AU / day), mass (solar masses)
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


def make_bodies():
    bodies = []
    for position, velocity, mass in BODIES:
        bodies.append([position[0], position[1], position[2],
                       velocity[0] * DAYS_PER_YEAR, velocity[1] * DAYS_PER_YEAR,
                       velocity[2] * DAYS_PER_YEAR, mass * SOLAR_MASS])
    px = py = pz = 0.0
    for body in bodies:
        px += body[3] * body[6]
        py += body[4] * body[6]
        pz += body[5] * body[6]
    bodies[0][3] = -px / SOLAR_MASS
    bodies[0][4] = -py / SOLAR_MASS
    bodies[0][5] = -pz / SOLAR_MASS
    return bodies


def energy(bodies):
    e = 0.0
    for i in range(len(bodies)):
        x, y, z, vx, vy, vz, m = bodies[i]
        e += 0.5 * m * (vx * vx + vy * vy + vz * vz)
        for j in range(i + 1, len(bodies)):
            other = bodies[j]
            dx = x - other[0]
            dy = y - other[1]
            dz = z - other[2]
            e -= m * other[6] / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(bodies, dt):
    n = len(bodies)
    for i in range(n):
        a = bodies[i]
        for j in range(i + 1, n):
            b = bodies[j]
            dx = a[0] - b[0]
            dy = a[1] - b[1]
            dz = a[2] - b[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * math.sqrt(d2))
            bm = b[6] * mag
            am = a[6] * mag
            a[3] -= dx * bm
            a[4] -= dy * bm
            a[5] -= dz * bm
            b[3] += dx * am
            b[4] += dy * am
            b[5] += dz * am
    for body in bodies:
        body[0] += dt * body[3]
        body[1] += dt * body[4]
        body[2] += dt * body[5]


def nbody(steps):
    bodies = make_bodies()
    e0 = energy(bodies)
    for _ in range(steps):
        advance(bodies, 0.01)
    return (e0, energy(bodies))


def check(result, steps):
    e0, e1 = result
    assert round(e0, 9) == -0.169075164, e0
    if steps == 1000:
        assert round(e1, 9) == -0.169087605, e1
    assert abs(e1 - e0) < 1e-4, (e0, e1)


BENCHMARK = {
    "name": "nbody_list",
    "entry": "nbody",
    "args": (50000,),
    "quick_args": (5000,),
    "test_args": (1000,),
    "check": "check",
    "description": "Benchmarks Game n-body, each body a plain list of floats",
}
