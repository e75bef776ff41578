"""User-facing errors.

Every problem a user can fix (wrong layer, bad values, wrong checkpoint) is raised as a
:class:`PretextInputError` whose message says what is wrong and what to do. The widgets show
it as a napari notification and the CLI prints it as one line with exit code 2.
"""


class PretextInputError(ValueError):
    """Bad input that the user can fix; the message is meant to be shown as it is."""


class CheckpointError(PretextInputError):
    """A model file that is missing, unreadable, of the wrong kind or of the wrong shape."""


class OutOfMemory(PretextInputError):
    """The batch, patch or model does not fit in the device's memory (the user can shrink them)."""


OUT_OF_MEMORY = "out of memory: lower the batch size or the patch size, or use a smaller encoder."


def out_of_memory(exc: BaseException) -> OutOfMemory | None:
    """``exc`` as an :class:`OutOfMemory` when it is one, else None: by type (``MemoryError``,
    ``torch.cuda.OutOfMemoryError``), except for the CPU and MPS allocators, which raise a plain
    ``RuntimeError`` with no type of their own and are known by their message."""
    import sys

    if isinstance(exc, OutOfMemory):
        return exc
    torch = sys.modules.get("torch")  # never imported here: the CLI's --help stays light
    cuda_oom = getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None)
    allocator = isinstance(exc, RuntimeError) and any(m in str(exc) for m in ("DefaultCPUAllocator: can't allocate memory", "MPS backend out of memory"))
    if isinstance(exc, MemoryError) or (cuda_oom is not None and isinstance(exc, cuda_oom)) or allocator:
        return OutOfMemory(OUT_OF_MEMORY)
    return None
