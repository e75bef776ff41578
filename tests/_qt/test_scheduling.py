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
