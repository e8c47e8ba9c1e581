"""Errors every stage may raise; the CLI turns them into a message and a non-zero exit."""


class KabarError(RuntimeError):
    """A failure a user can act on: the message says what and where."""


class StageNotBuilt(KabarError):
    """The stage exists in the design but has no implementation yet."""

    def __init__(self, stage: str):
        super().__init__(f"the '{stage}' stage is not built yet")



class MissingDependency(KabarError):
    """A Python package the project needs is not installed: an environment problem, never a bad input.

    Raised instead of rejecting the input being read, so that the stage fails and names the package,
    rather than recording every file of one format as unreadable while the run "succeeds"."""

    def __init__(self, message: str, package: str | None = None):
        super().__init__(message)
        self.package = package

    def __reduce__(self):  # keep the package when Prefect pickles the exception
        return (type(self), (str(self), self.package))


def missing_package(exc: ImportError) -> str:
    """The top-level name of the module an ImportError could not import (following the chain of
    causes: a library often re-raises its own ImportError over the real ModuleNotFoundError)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ImportError) and seen.name:
            return seen.name.split(".")[0]
        seen = seen.__cause__ or seen.__context__
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
