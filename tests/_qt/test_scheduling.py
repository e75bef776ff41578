import torch

from napari_pretext._qt import scheduling


def test_one_core_is_left_to_the_viewer_and_threads_never_rise(monkeypatch):
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(4)
        monkeypatch.setattr(scheduling.os, "cpu_count", lambda: 4)
        assert scheduling.leave_a_core_for_the_viewer() == 3 and torch.get_num_threads() == 3
        monkeypatch.setattr(scheduling.os, "cpu_count", lambda: 16)
        assert scheduling.leave_a_core_for_the_viewer() == 3  # not raised back
        monkeypatch.setattr(scheduling.os, "cpu_count", lambda: 1)
        assert scheduling.leave_a_core_for_the_viewer() == 1
    finally:
        torch.set_num_threads(before)


def test_user_fixable_failures_become_notifications_and_bugs_propagate():
    from napari_pretext.core.errors import PretextInputError

    def failing(exc):
        raise exc
        yield  # pragma: no cover

    def result(exc):
        gen = scheduling.guarded(failing, exc)
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value

    assert result(PretextInputError("pick a layer")) == scheduling.Failure("pick a layer")
    assert result(OSError(28, "No space left on device", "/data/crop.tif")) == scheduling.Failure("/data/crop.tif: No space left on device")
    import torch

    # out of memory is known by its type (the CPU allocator, which has none, by torch's message)
    for oom in (torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB"), MemoryError(),
                RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory: you tried to allocate 8 GB")):
        assert result(oom).message.startswith("out of memory: lower the batch size")
    for bug in (ZeroDivisionError(), RuntimeError("a tensor mentioning out of memory in a bug's message")):
        try:
            result(bug)
        except type(bug):
            pass
        else:
            raise AssertionError("a bug must reach napari's error handler, not a notification")
