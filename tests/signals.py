"""Child processes that answer Ctrl-C as in a terminal.

A process started in the background by a non-interactive shell (`make test &`, nohup, some
CI runners) inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler:
the Ctrl-C tests' children ignored the signal and ran on. Their children get the default
disposition back before they start."""

from __future__ import annotations

import signal


def default_sigint() -> None:
    """`preexec_fn` for a child that must receive Ctrl-C as a user's terminal sends it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
