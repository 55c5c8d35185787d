"""``python -m arrears`` is the same as the ``arrears`` command."""

from arrears.cli import main

raise SystemExit(main())
