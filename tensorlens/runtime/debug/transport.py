"""TCP_NODELAY on the socket between the debuggee and debugpy's adapter.

pydevd writes each DAP response as small separate ``send`` calls on a socket
with Nagle's algorithm on; the adapter's delayed ACK then holds the tail of
every response for ~40 ms (microsoft/debugpy#2054, fix proposed in #2066).
Every Variables request pays it. pydevd connects through
``pydevd.start_client``, looked up as a module global when it connects, so
wrapping it before the connection sets the option on the new socket. If
pydevd already connected (``debugpy.listen()`` called before the plugin
loaded), the live socket is fixed instead.

``TENSORLENS_DEBUG_NODELAY=0`` leaves debugpy untouched.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

_MARK = "_tensorlens_nodelay"


def install_nodelay() -> bool:
    """Make pydevd's client sockets NODELAY; returns whether anything was installed."""
    pydevd: Any = sys.modules.get("pydevd")  # pydevd ships without type information
    if pydevd is None:
        return False
    original = getattr(pydevd, "start_client", None)
    if original is None:
        return False
    if not getattr(original, _MARK, False):

        def start_client(host: Any, port: Any) -> Any:
            sock = original(host, port)
            set_nodelay(sock)
            return sock

        setattr(start_client, _MARK, True)
        pydevd.start_client = start_client
    _fix_live_socket(pydevd)
    return True


def set_nodelay(sock: Any) -> bool:
    """Turn off Nagle's algorithm on ``sock``; False where the platform refuses."""
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return True
    except (AttributeError, OSError):
        return False


def _fix_live_socket(pydevd: Any) -> None:
    try:
        py_db = pydevd.get_global_debugger()
        writer = getattr(py_db, "writer", None) if py_db is not None else None
        sock = getattr(writer, "sock", None)
        if sock is not None:
            set_nodelay(sock)
    except Exception:
        pass
