"""A float-heavy loop: a planet on a Kepler orbit, integrated with velocity Verlet.

The state is four floats (x, y, vx, vy) carried through scalar helpers that return tuples;
the force needs a square root per step.  Units: G * M = 1, so a circular orbit of radius 1
has speed 1 and period 2 pi.  The orbit here is eccentric (start at r = 1 with speed 0.8).
Returns (x, y, energy) at the end: any change in rounding or evaluation order shows up.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""
import math


def acceleration(x, y):
    """Gravitational acceleration towards the origin (G * M = 1)."""
    r2 = x * x + y * y
    inv_r3 = 1.0 / (r2 * math.sqrt(r2))
    return (-x * inv_r3, -y * inv_r3)


def energy(x, y, vx, vy):
    """Kinetic plus potential energy per unit mass."""
    return 0.5 * (vx * vx + vy * vy) - 1.0 / math.sqrt(x * x + y * y)


def verlet_step(x, y, vx, vy, dt):
    """One velocity-Verlet step; returns the new (x, y, vx, vy)."""
    ax, ay = acceleration(x, y)
    vx += 0.5 * dt * ax
    vy += 0.5 * dt * ay
    x += dt * vx
    y += dt * vy
    ax, ay = acceleration(x, y)
    vx += 0.5 * dt * ax
    vy += 0.5 * dt * ay
    return (x, y, vx, vy)


def orbit(steps):
    x = 1.0
    y = 0.0
    vx = 0.0
    vy = 0.8
    dt = 0.001
    for _ in range(steps):
        x, y, vx, vy = verlet_step(x, y, vx, vy, dt)
    return (x, y, energy(x, y, vx, vy))


BENCHMARK = {
    "name": "float_loop",
    "entry": "orbit",
    "args": (1000000,),
    "quick_args": (200000,),
    "description": "Kepler orbit by velocity Verlet: float math, sqrt, tuple-returning helpers",
}
