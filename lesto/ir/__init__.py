"""lesto's intermediate representation (a pure data package: imports only lesto.types)."""
