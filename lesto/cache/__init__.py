"""cache stage (to come)."""
