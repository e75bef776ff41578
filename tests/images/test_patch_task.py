import torch

from napari_pretext.core.device import loader_workers
from napari_pretext.images.configs import RestorationConfig
from napari_pretext.images.restoration import RestorationTask

from ..conftest import TINY, blobs


def epoch_batches(task, epoch):
    return [x for x, _ in task.batches(epoch)]


def test_loader_workers_serve_the_same_seeded_epochs_and_persist():
    images = [blobs(seed=i)[0] for i in range(2)]
    tasks = []
    for workers in (0, 2):
        task = RestorationTask(RestorationConfig(**{**TINY, "steps_per_epoch": 3, "num_workers": workers}))
        task.set_data(images)
        tasks.append(task)
    for epoch in (0, 1):
        a, b = epoch_batches(tasks[0], epoch), epoch_batches(tasks[1], epoch)
        assert len(a) == len(b) == 3 and all(torch.equal(x, y) for x, y in zip(a, b))
    assert not torch.equal(epoch_batches(tasks[1], 0)[0], epoch_batches(tasks[1], 1)[0])
    loader = tasks[1].loader()
    assert loader.persistent_workers and tasks[1].loader() is loader  # workers start once, not per epoch
    tasks[1].set_data(images[:1])
    assert tasks[1].loader() is not loader  # new data, new loader


def test_automatic_loader_workers():
    assert loader_workers(None, torch.device("cpu")) == 0
    assert 0 <= loader_workers(None, torch.device("cuda")) <= 4
    assert loader_workers(3, torch.device("cpu")) == 3


def test_worker_count_is_not_part_of_what_a_config_trains():
    assert RestorationConfig(num_workers=0) == RestorationConfig(num_workers=4) != RestorationConfig(seed=1)
