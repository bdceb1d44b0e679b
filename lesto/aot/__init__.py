"""aot stage (to come)."""
