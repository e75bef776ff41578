"""User-facing errors.

Every problem a user can fix (wrong layer, bad values, wrong checkpoint) is raised as a
:class:`PretextInputError` whose message says what is wrong and what to do. The widgets show
it as a napari notification and the CLI prints it as one line with exit code 2.
"""


class PretextInputError(ValueError):
    """Bad input that the user can fix; the message is meant to be shown as it is."""


class CheckpointError(PretextInputError):
    """A model file that is missing, unreadable, of the wrong kind or of the wrong shape."""
