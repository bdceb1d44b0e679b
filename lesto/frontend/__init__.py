"""Frontend: Python source -> checked AST -> untyped IR (no bytecode is ever read)."""
