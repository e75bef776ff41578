import threading

import numpy as np

from napari_pretext.core.engine import run_training
from napari_pretext.core.events import EpochDone, PreviewReady, StepDone, TrainingFinished, TrainingStarted
from napari_pretext.images.restoration import RestorationTask
from napari_pretext.images.segmentation import SegmentationTask

from ..conftest import blobs


def test_events_in_order_and_counts(tiny_restoration_config):
    task = RestorationTask(tiny_restoration_config)
    task.set_data([blobs()[0]])
    events = list(run_training(task, 2, log_every=1))  # (on a GPU the default logs every 10 steps)
    kinds = [type(e) for e in events]
    assert kinds[0] is TrainingStarted and kinds[-1] is TrainingFinished
    assert kinds.count(StepDone) == 4 and kinds.count(EpochDone) == 2 and kinds.count(PreviewReady) == 2
    assert events[0].total_steps == 4 and events[-1].step == 4 and not events[-1].stopped
    assert [e.step for e in events if isinstance(e, StepDone)] == [1, 2, 3, 4]


def test_a_few_steps_lower_the_loss(blob_pairs, tiny_segmentation_config):
    task = SegmentationTask(tiny_segmentation_config.replace(loss="bce", steps_per_epoch=10, learning_rate=3e-3))
    task.set_data([p[0] for p in blob_pairs], [p[1] for p in blob_pairs])
    losses = [e.loss for e in run_training(task, 3, log_every=1) if isinstance(e, StepDone)]
    assert np.mean(losses[-5:]) < 0.7 * np.mean(losses[:5])


def test_stop_flag_ends_early_with_a_usable_model(tiny_restoration_config):
    task = RestorationTask(tiny_restoration_config.replace(steps_per_epoch=50))
    task.set_data([blobs()[0]])
    stop = threading.Event()
    events = []
    for event in run_training(task, 3, stop, log_every=1):
        events.append(event)
        if isinstance(event, StepDone) and event.step == 3:
            stop.set()
    final = events[-1]
    assert isinstance(final, TrainingFinished) and final.stopped and final.step == 3
    assert final.epoch == 1  # the partial epoch is counted and validated
    assert "val_ssim" in final.metrics
    assert np.isfinite(task.restore(blobs(seed=2)[0])).all()


def test_channels_last_applies_to_image_batches_only():
    import torch

    from napari_pretext.core.engine import move_batch

    cpu = torch.device("cpu")
    images, _ = move_batch(torch.rand(2, 3, 8, 8), torch.zeros(2), cpu, channels_last=True)
    pairs, _ = move_batch(torch.rand(2, 2, 1, 8, 8), torch.zeros(2), cpu, channels_last=True)  # rotation pairs
    assert images.is_contiguous(memory_format=torch.channels_last) and pairs.shape == (2, 2, 1, 8, 8)


def test_loss_readout_reads_windows_late_and_flushes_in_order():
    import torch

    from napari_pretext.core.engine import LossReadout

    readout = LossReadout(torch.device("cpu"), lag=1)  # the CUDA schedule, on the CPU
    readout.push([torch.tensor(1.0), torch.tensor(3.0)], step=2, run_step=2)
    assert list(readout.ready()) == []  # one window late
    readout.push([torch.tensor(5.0)], step=3, run_step=3)
    assert list(readout.ready()) == [(2, 2, 2.0, 2)]
    assert list(readout.ready(flush=True)) == [(3, 3, 5.0, 1)]
    assert LossReadout(torch.device("cpu")).lag == 0


def test_windowed_losses_cover_every_step(tiny_restoration_config):
    # log_every 3 over 2 epochs of 2 steps: one short window per epoch, all steps counted
    task = RestorationTask(tiny_restoration_config)
    task.set_data([blobs()[0]])
    events = list(run_training(task, 2, log_every=3))
    assert [e.step for e in events if isinstance(e, StepDone)] == [2, 4]
    assert [e.epoch for e in events if isinstance(e, EpochDone)] == [1, 2]
