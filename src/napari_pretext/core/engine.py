"""The one training engine: a generator that yields typed events and honours a stop flag.

Widgets run it in a napari thread worker, the CLI drains it with a progress bar, tests drain
it synchronously. A *task* (restoration, segmentation, later sorting/rotation) supplies model,
optimizer, batches and the loss; the engine owns the loop, mixed precision and bookkeeping.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from typing import Generator, Iterable, Protocol

import torch

from .events import EpochDone, Event, Message, PreviewReady, StepDone, TrainingFinished, TrainingStarted


class TrainableTask(Protocol):
    kind: str
    model: torch.nn.Module
    optimizer: torch.optim.Optimizer
    device: torch.device
    device_message: str | None
    use_amp: bool
    epoch: int  # completed epochs (global, survives continued training)
    step: int  # completed optimizer steps (global)
    history: list[dict]

    def steps_per_epoch(self) -> int: ...
    def begin_epoch(self, epoch: int) -> list[str]: ...  # returns messages (e.g. "encoder unfrozen")
    def batches(self, epoch: int) -> Iterable[tuple[torch.Tensor, torch.Tensor]]: ...
    def compute_loss(self, inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor: ...
    def validate(self) -> dict[str, float]: ...
    def preview(self) -> PreviewReady | None: ...


def autocast_dtype(device: torch.device) -> torch.dtype | None:
    """bf16 where the GPU supports it, else fp16; None (no autocast) off CUDA."""
    if device.type != "cuda":
        return None
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


def autocast(device: torch.device, dtype: torch.dtype | None):
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=dtype)


def move_batch(inputs: torch.Tensor, targets: torch.Tensor, device: torch.device, channels_last: bool):
    inputs = inputs.to(device, non_blocking=True)
    if channels_last and inputs.dim() == 4:  # image batches; the rotation task's pairs are (B, 2, C, H, W)
        inputs = inputs.contiguous(memory_format=torch.channels_last)
    return inputs, targets.to(device, non_blocking=True)


class LossReadout:
    """Means of windows of loss tensors, read on the host without stalling a GPU.

    ``float(loss)`` on CUDA waits for every queued kernel, so the CPU stops running ahead of
    the GPU and the next steps' launch overhead is no longer hidden. On CUDA each window's
    mean is copied to pinned memory asynchronously and read ``lag`` windows later, when its
    event has long completed; on other devices it is read at once (``lag`` 0).
    """

    def __init__(self, device: torch.device, lag: int | None = None):
        self.cuda = device.type == "cuda"
        self.lag = (1 if self.cuda else 0) if lag is None else lag
        self._queue: deque = deque()

    def push(self, losses: list[torch.Tensor], step: int, run_step: int) -> None:
        """Start reading the mean of ``losses``, the window that ended at ``step``."""
        mean = torch.stack(losses).float().mean()
        event = None
        if self.cuda:
            host = torch.empty((), dtype=torch.float32, pin_memory=True)
            host.copy_(mean, non_blocking=True)
            event = torch.cuda.Event()
            event.record()
            mean = host
        self._queue.append((mean, event, len(losses), step, run_step))

    def ready(self, flush: bool = False):
        """Yields ``(step, run_step, mean, window length)`` of the windows that may be read
        now (all of them when ``flush``), oldest first."""
        while len(self._queue) > (0 if flush else self.lag):
            mean, event, count, step, run_step = self._queue.popleft()
            if event is not None:
                event.synchronize()
            yield step, run_step, float(mean), count


def run_training(
    task: TrainableTask,
    epochs: int,
    stop: threading.Event | None = None,
    log_every: int | None = None,
    preview_every: int = 1,
) -> Generator[Event, None, TrainingFinished]:
    """Train ``task`` for ``epochs`` more epochs; yields events, returns the final event too.

    ``stop`` is checked between optimizer steps, so a stopped model is always the result of a
    complete step (never half-updated) and stays usable; a partial epoch is still validated.
    """
    stop = stop or threading.Event()
    device = task.device
    amp_dtype = autocast_dtype(device) if task.use_amp else None
    channels_last = device.type == "cuda" and task.use_amp
    if channels_last:
        task.model.to(memory_format=torch.channels_last)
    # fp16 needs loss scaling; bf16 and fp32 do not.
    scaler = torch.amp.GradScaler("cuda") if amp_dtype == torch.float16 else None
    # Reading a loss on the GPU costs a sync: there, average windows of 10 steps, read late.
    log_every = log_every or (1 if device.type == "cpu" else 10)
    readout = LossReadout(device)

    per_epoch = task.steps_per_epoch()
    total = per_epoch * epochs
    yield TrainingStarted(task.kind, epochs, total, task.step, str(device), task.device_message)
    run_step = 0
    stopped = False
    metrics: dict[str, float] = {}
    for _ in range(epochs):
        if stop.is_set():
            stopped = True
            break
        for text in task.begin_epoch(task.epoch):
            yield Message(text)
        pending: list[torch.Tensor] = []
        epoch_losses: list[float] = []
        for inputs, targets in task.batches(task.epoch):
            if stop.is_set():
                stopped = True
                break
            inputs, targets = move_batch(inputs, targets, device, channels_last)
            task.optimizer.zero_grad(set_to_none=True)
            with autocast(device, amp_dtype):
                loss = task.compute_loss(inputs, targets)
            if scaler is not None:
                scaler.scale(loss).backward()
                scaler.step(task.optimizer)
                scaler.update()
            else:
                loss.backward()
                task.optimizer.step()
            task.step += 1
            run_step += 1
            pending.append(loss.detach())
            if len(pending) >= log_every:
                readout.push(pending, task.step, run_step)
                pending = []
                for step, done, mean, count in readout.ready():
                    epoch_losses.extend([mean] * count)
                    yield StepDone(step, done, total, task.epoch + 1, mean)
        if pending:
            readout.push(pending, task.step, run_step)
        for step, done, mean, count in readout.ready(flush=True):
            epoch_losses.extend([mean] * count)
            yield StepDone(step, done, total, task.epoch + 1, mean)
        if not epoch_losses:  # stopped before the first step of this epoch
            break
        task.epoch += 1
        metrics = task.validate()
        train_loss = sum(epoch_losses) / len(epoch_losses)
        task.history.append({"epoch": task.epoch, "step": task.step, "train_loss": train_loss, **metrics})
        yield EpochDone(task.epoch, train_loss, metrics)
        if preview_every and task.epoch % preview_every == 0:
            preview = task.preview()
            if preview is not None:
                yield preview
        if stopped:
            break
    finished = TrainingFinished(stopped, task.step, task.epoch, metrics)
    yield finished
    return finished
