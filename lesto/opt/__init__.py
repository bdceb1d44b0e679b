"""opt stage (to come)."""
