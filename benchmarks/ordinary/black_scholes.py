"""Black-Scholes prices of European calls and puts over a list of strikes.

`make_market(n)` (setup, not timed) returns a spot price, a list of `n` strikes and a list of
maturities; `price_all(spot, strikes, maturities, rate, vol)` prices a call and a put for each
with math.erf for the normal CDF, collects them in lists and returns (sum of calls, sum of
puts, the largest call-put parity error).  The way a finance student writes it.
"""
import math


def make_market(n):
    strikes = [50.0 + 100.0 * i / n for i in range(n)]
    maturities = [0.25 + (i % 8) * 0.25 for i in range(n)]
    return (100.0, strikes, maturities, 0.03, 0.2)


def norm_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def call_put(spot, strike, t, rate, vol):
    d1 = (math.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * math.sqrt(t))
    d2 = d1 - vol * math.sqrt(t)
    discount = math.exp(-rate * t)
    call = spot * norm_cdf(d1) - strike * discount * norm_cdf(d2)
    put = strike * discount * norm_cdf(-d2) - spot * norm_cdf(-d1)
    return call, put


def price_all(spot, strikes, maturities, rate, vol):
    calls = []
    puts = []
    worst = 0.0
    for i in range(len(strikes)):
        c, p = call_put(spot, strikes[i], maturities[i], rate, vol)
        calls.append(c)
        puts.append(p)
        parity = abs(c - p - (spot - strikes[i] * math.exp(-rate * maturities[i])))
        if parity > worst:
            worst = parity
    return (sum(calls), sum(puts), worst)


def check(result, n):
    """Put-call parity holds to rounding, and prices are positive and bounded."""
    spot, strikes, maturities, rate, vol = make_market(n)
    total_call, total_put, worst = result
    assert worst < 1e-9, worst
    assert 0.0 < total_call < spot * n and 0.0 < total_put < max(strikes) * n
    expected = sum(spot - k * math.exp(-rate * t) for k, t in zip(strikes, maturities))
    assert abs((total_call - total_put) - expected) < 1e-6 * n, (total_call, total_put)


BENCHMARK = {
    "name": "black_scholes",
    "entry": "price_all",
    "setup": "make_market",
    "jit": ["norm_cdf", "call_put"],
    "args": (400000,),
    "quick_args": (20000,),
    "test_args": (16,),
    "check": "check",
    "description": "option prices over a list of strikes: math.erf/log/exp, lists of floats",
}
