"""The one helper through which the plugin runs background work.

``schedule_task`` starts a napari thread worker over a generator function from the core and
connects its signals to main-thread handlers: yielded events, the returned value, and a
``finally`` hook that re-enables the UI whatever happened. User errors
(:class:`PretextInputError`) and running out of memory come back as a readable notification,
not a traceback; worker threads never touch widgets or layers. Before the first task it leaves
one CPU core to the viewer (see :func:`leave_a_core_for_the_viewer`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Generator

import torch
from napari.qt.threading import create_worker
from napari.utils.notifications import show_error

from ..core.errors import PretextInputError, out_of_memory


@dataclass(frozen=True)
class Failure:
    """A user-facing failure that ended the task (shown as a notification)."""

    message: str


def guarded(gen_fn: Callable[..., Generator], *args, **kwargs) -> Generator[Any, None, Any]:
    """Run ``gen_fn`` turning expected failures into a :class:`Failure` return value."""
    try:
        return (yield from gen_fn(*args, **kwargs))
    except PretextInputError as exc:
        return Failure(str(exc))
    except OSError as exc:  # a full disk, a read-only folder: the user's to fix, not a crash
        from ..core.outputs import os_error_text

        return Failure(os_error_text(exc))
    except (MemoryError, RuntimeError) as exc:
        oom = out_of_memory(exc)
        if oom is None:
            raise
        return Failure(str(oom))


def as_generator(fn: Callable[..., Any]) -> Callable[..., Generator]:
    """Wrap a plain function so it can be scheduled like a generator (no events)."""

    def gen(*args, **kwargs):
        return fn(*args, **kwargs)
        yield  # pragma: no cover - makes this a generator

    return gen


def leave_a_core_for_the_viewer() -> int:
    """Cap torch's CPU threads at the core count minus one (never raising it); returns the cap.

    With every core busy in torch, the viewer's main thread waits for a time slice: on a
    2-core machine its longest steady-state gap while training was 43-53 ms with 2 torch
    threads and 35-42 ms with 1, for about 15 % fewer training steps (benchmarks/ui_stall.py).
    The headless API and CLI keep every core.
    """
    threads = max(1, min(torch.get_num_threads(), (os.cpu_count() or 1) - 1))
    if threads != torch.get_num_threads():
        torch.set_num_threads(threads)
    return threads


def schedule_task(
    gen_fn: Callable[..., Generator],
    *args,
    on_event: Callable[[Any], None] | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_finally: Callable[[], None] | None = None,
    **kwargs,
):
    """Start ``gen_fn(*args, **kwargs)`` in a thread; handlers run on the main thread.

    ``on_event`` gets each yielded value, ``on_done`` the return value (never a Failure: those
    are notified here), ``on_finally`` runs after success, failure or an unexpected error.
    """
    leave_a_core_for_the_viewer()
    worker = create_worker(guarded, gen_fn, *args, _start_thread=False, **kwargs)
    if on_event is not None:
        worker.yielded.connect(on_event)

    def returned(value):
        if isinstance(value, Failure):
            show_error(value.message)
        elif on_done is not None:
            on_done(value)

    worker.returned.connect(returned)
    if on_finally is not None:
        worker.finished.connect(on_finally)
    worker.start()
    return worker
