"""Classical 4th-order Runge-Kutta integration of the Lorenz system, in scalar floats: a
helper returning a 3-tuple evaluated four times per step.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""


def lorenz(x, y, z, sigma, rho, beta):
    return sigma * (y - x), x * (rho - z) - y, x * y - beta * z


def rk4_lorenz(steps, dt):
    sigma = 10.0
    rho = 28.0
    beta = 8.0 / 3.0
    x = 1.0
    y = 1.0
    z = 1.0
    for _ in range(steps):
        k1x, k1y, k1z = lorenz(x, y, z, sigma, rho, beta)
        k2x, k2y, k2z = lorenz(x + 0.5 * dt * k1x, y + 0.5 * dt * k1y, z + 0.5 * dt * k1z,
                               sigma, rho, beta)
        k3x, k3y, k3z = lorenz(x + 0.5 * dt * k2x, y + 0.5 * dt * k2y, z + 0.5 * dt * k2z,
                               sigma, rho, beta)
        k4x, k4y, k4z = lorenz(x + dt * k3x, y + dt * k3y, z + dt * k3z, sigma, rho, beta)
        x += dt / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x)
        y += dt / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y)
        z += dt / 6.0 * (k1z + 2.0 * k2z + 2.0 * k3z + k4z)
    return x, y, z


BENCHMARK = {
    "name": "rk4_lorenz",
    "entry": "rk4_lorenz",
    "args": (5000000, 0.001),
    "quick_args": (500000, 0.001),
    "target": {"vs": "numba", "max_ratio": 1.05},
    "description": "RK4 on the Lorenz system: a tuple-returning helper, scalar floats",
}
