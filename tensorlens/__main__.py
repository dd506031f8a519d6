"""``python -m tensorlens`` is the ``tensorlens`` command."""

from tensorlens.cli import main

raise SystemExit(main())
