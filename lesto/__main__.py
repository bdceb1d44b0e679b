"""`python -m lesto ...`: hands over to the command-line interface in lesto.cli.main."""
from lesto.cli.main import main

raise SystemExit(main())
