"""``python -m tensorlens.runtime.sanitizer SCRIPT [ARGS...]``, the same as ``tensorlens run``."""

import sys

from tensorlens.runtime.sanitizer.command import main

raise SystemExit(main(sys.argv[1:]))
