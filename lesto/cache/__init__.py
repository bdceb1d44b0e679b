"""On-disk cache of compiled object code (`@jit(cache=True)`): keys, validation, storage."""
