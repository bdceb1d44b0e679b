"""A numeric script for the `lesto run` row of `python -m lesto bench`: a Mandelbrot count in
plain Python (floats, ints, while loops), no decorators.

    python benchmarks/run/mandel_script.py [SIZE]       prints the count of points inside
"""
import math, sys

def mandel(w, h, iters):
    count = 0
    for y in range(h):
        for x in range(w):
            cr = 3.0 * x / w - 2.0
            ci = 2.0 * y / h - 1.0
            zr = zi = 0.0
            i = 0
            while i < iters and zr * zr + zi * zi < 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                i += 1
            count += i == iters
    return count

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    print(mandel(n, n, 100))

if __name__ == "__main__":
    main()
