"""Stopping a run on SIGTERM or SIGINT: promptly, cleanly, and saying where it stopped.

A scheduler stops a run with SIGTERM (then SIGKILL a little later), a person with Ctrl-C (SIGINT).
`install()` (called by the `kabar` command) turns both into an `Interrupted` exception raised in the
main thread, so the run stops at once and unwinds like any error: an open DuckDB transaction is
rolled back (kabar.warehouse.db.transaction), locks are released, the pipeline records which stage
was interrupted in its run summary, and the command exits 128 + the signal's number (143 for
SIGTERM, 130 for SIGINT), as a process killed by the signal would.

`Interrupted` derives from KeyboardInterrupt: libraries treat it as a user's interrupt and stop
(dbt cancels its open connections), and no `except Exception` swallows it. Prefect's flow engine
puts its own SIGTERM handler in place while a flow runs (raising its TerminationSignal) and, once
the outermost flow has recorded its state, re-delivers the signal to the handler it found, which
is ours; `interruption()` recognises all three kinds.

`ours()` puts our handler back in place for a block that runs a library which must see a plain
KeyboardInterrupt to stop (dbt cancels its work on one; a TerminationSignal raised inside it was
held until its whole build had run).

A library may swallow the exception at the point it lands (dbt's manifest parsing has bare
`except` clauses: a stop raised there was lost and the build ran to its end). So once our handler
has raised, the stop is repeated in the main thread every INSIST_SECONDS until the run has acted on
it (`interruption()` acknowledges it: the pipeline or the command caught it).

`deferred()` marks a critical section that must not stop half-way (a publish's rename and its
audit row): a signal arriving inside it is held until the section ends.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)
INSIST_SECONDS = 1.0
_state = threading.local()
_unacknowledged: list[int] = []  # the stop raised and not yet acted on (its signal number)
_current_stage: list[str] = []   # the pipeline stage running in this process (innermost last)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal; `stage` is the pipeline stage that was running, if any."""

    def __init__(self, signum: int, stage: str | None = None):
        super().__init__(signum, stage)
        self.signum = int(signum)
        self.stage = stage

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        where = f" during the {self.stage} stage" if self.stage else ""
        return f"interrupted by {self.name}{where}"

    def __reduce__(self):
        return (type(self), (self.signum, self.stage))


def current_stage() -> str | None:
    return _current_stage[-1] if _current_stage else None


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Name the pipeline stage running in the block (for the interruption's message)."""
    _current_stage.append(name)
    try:
        yield
    finally:
        _current_stage.pop()


def interruption(exc: BaseException | None) -> Interrupted | None:
    """`exc` as an Interrupted when it is a stop by a signal (ours, Prefect's TerminationSignal, a plain
    KeyboardInterrupt) — or any error raised while a stop is pending, which a library made of it
    (DuckDB turns the interrupt into RuntimeError "Query interrupted") — else None."""
    if exc is None:
        return None
    if isinstance(exc, Exception):
        stop = Interrupted(_unacknowledged[0], current_stage()) if _unacknowledged else None
    else:
        stop = _as_interrupted(exc)
    if stop is not None:
        _unacknowledged.clear()  # acted on: no need to repeat it
    return stop


def _as_interrupted(exc: BaseException) -> Interrupted | None:
    if isinstance(exc, Interrupted):
        return exc if exc.stage or not current_stage() else Interrupted(exc.signum, current_stage())
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted(signal.SIGINT, current_stage())
    signum = getattr(exc, "signal", None)  # prefect.exceptions.TerminationSignal, without importing Prefect
    if type(exc).__name__ == "TerminationSignal" and isinstance(signum, int):
        return Interrupted(signum, current_stage())
    return None


def _raise(signum: int, frame) -> None:
    if getattr(_state, "deferring", 0):
        _state.pending = signum
        log.warning("%s received: stopping once the current step is complete", signal.Signals(signum).name)
        return
    if not _unacknowledged:
        _unacknowledged.append(signum)
        threading.Thread(target=_insist, args=(signum,), name="kabar-stop", daemon=True).start()
    raise Interrupted(signum, current_stage())


def _insist(signum: int) -> None:
    """Repeat the stop in the main thread until it is acted on (see the module docstring)."""
    while True:
        time.sleep(INSIST_SECONDS)
        if not _unacknowledged or not callable(signal.getsignal(signum)):
            return  # acted on, or no handler of ours or a flow engine's any more: the default would kill
        log.debug("stop by %s not acted on yet: raising it again", signal.Signals(signum).name)
        signal.pthread_kill(threading.main_thread().ident, signum)


def install() -> None:
    """Turn SIGTERM and SIGINT into Interrupted in the main thread (a no-op in any other thread)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in SIGNALS:
        signal.signal(signum, _raise)


@contextmanager
def ours() -> Iterator[None]:
    """In the block, SIGTERM and SIGINT raise Interrupted whatever handler was in place (a flow engine's);
    that one is put back afterwards. Outside the main thread the block just runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """A section no signal stops half-way: one that arrives is re-delivered when the section ends.
    Outside the main thread (no handlers can be set there) the block just runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outermost = not getattr(_state, "deferring", 0)
    previous = {s: signal.signal(s, _raise) for s in SIGNALS} if outermost else {}
    _state.deferring = getattr(_state, "deferring", 0) + 1
    try:
        yield
    finally:
        _state.deferring -= 1
        if outermost:
            pending, _state.pending = getattr(_state, "pending", None), None
            for s, handler in previous.items():
                signal.signal(s, handler)
            if pending is not None:
                os.kill(os.getpid(), pending)  # to whichever handler was in place: Prefect's or ours
