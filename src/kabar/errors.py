"""Errors every stage may raise; the CLI turns them into a message and a non-zero exit."""


class KabarError(RuntimeError):
    """A failure a user can act on: the message says what and where."""


class StageNotBuilt(KabarError):
    """The stage exists in the design but has no implementation yet."""

    def __init__(self, stage: str):
        super().__init__(f"the '{stage}' stage is not built yet")
