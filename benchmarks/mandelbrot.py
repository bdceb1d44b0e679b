"""Mandelbrot set bitmap, after the Computer Language Benchmarks Game `mandelbrot`.

The Benchmarks Game program writes a size x size PBM bitmap: one bit per pixel, eight pixels
packed into a byte with the first pixel in the high bit, each row padded to a whole byte, and a
pixel is set when 50 iterations of z = z*z + c stay within |z| <= 2.  This version computes the
same bytes with scalar loops and, instead of writing them out, folds them into a checksum
(a polynomial hash modulo a prime) so that implementations can be compared with one number.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""

MAX_ITER = 50
LIMIT_SQ = 4.0
MODULUS = 1000000007


def in_set(cr, ci):
    """1 when c = cr + ci*i stays bounded for MAX_ITER iterations, else 0."""
    zr = 0.0
    zi = 0.0
    tr = 0.0
    ti = 0.0
    i = 0
    while i < MAX_ITER and tr + ti <= LIMIT_SQ:
        zi = 2.0 * zr * zi + ci
        zr = tr - ti + cr
        tr = zr * zr
        ti = zi * zi
        i += 1
    if tr + ti <= LIMIT_SQ:
        return 1
    return 0


def mandelbrot(size):
    """Checksum of the packed size x size bitmap (rows of bytes, as in the PBM output)."""
    checksum = 0
    inv = 2.0 / size
    for y in range(size):
        ci = y * inv - 1.0
        byte = 0
        bits = 0
        for x in range(size):
            cr = x * inv - 1.5
            byte = (byte << 1) | in_set(cr, ci)
            bits += 1
            if bits == 8:
                checksum = (checksum * 131 + byte) % MODULUS
                byte = 0
                bits = 0
        if bits > 0:
            byte = byte << (8 - bits)
            checksum = (checksum * 131 + byte) % MODULUS
    return checksum


BENCHMARK = {
    "name": "mandelbrot",
    "entry": "mandelbrot",
    "args": (600,),
    "quick_args": (200,),
    "description": "Benchmarks Game mandelbrot bitmap, folded into a checksum",
}
