"""``python -m tensorlens.pdb SCRIPT [ARGS]``: pdb with TensorLens's tensor commands.

A thin entry point; the debugger lives in ``tensorlens.runtime.pdb_plugin``.
"""

from __future__ import annotations

from tensorlens.runtime.pdb_plugin import main

if __name__ == "__main__":
    main()
