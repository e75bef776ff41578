"""crop_batch's stop and resume, headless (the Ctrl-C on real processes: tests/faults/test_interrupts.py)."""

import json
import sys
import threading

import numpy as np
import pytest
import tifffile

from napari_pretext.core.errors import PretextInputError
from napari_pretext.ct.batch import crop_batch
from napari_pretext.ct.scene import make_ct_scene


def test_a_stopped_batch_starts_nothing_and_says_so(tmp_path):
    for i in range(3):
        tifffile.imwrite(tmp_path / f"v{i}.tif", make_ct_scene((40, 48, 48), seed=i).volume)
    stop = threading.Event()
    stop.set()
    reports = crop_batch(tmp_path, tmp_path / "out", stop=stop)
    assert [r["skipped"].startswith("not started") for r in reports] == [True, True, True]
    assert json.loads((tmp_path / "out" / "crop_report.json").read_text()) == reports
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["crop_report.json"]


def test_a_second_run_skips_what_the_first_cropped_and_overwrite_crops_it_again(tmp_path):
    for i in range(2):
        tifffile.imwrite(tmp_path / f"v{i}.tif", make_ct_scene((40, 48, 48), seed=i).volume)
    first = crop_batch(tmp_path, tmp_path / "out")
    assert [r["ok"] for r in first] == [True, True]
    (tmp_path / "out" / "v1_crop.tif").unlink()  # e.g. the first run was stopped before it
    second = crop_batch(tmp_path, tmp_path / "out")
    assert second[0]["skipped"] == "cropped by an earlier run to v0_crop.tif (pass --overwrite to crop it again)"
    assert second[1]["ok"] and (tmp_path / "out" / "v1_crop.tif").is_file()
    (tmp_path / "out" / "v0_crop.tif").write_bytes(b"a file of the user's, not a crop")
    third = crop_batch(tmp_path, tmp_path / "out")  # not an earlier crop: reported, never replaced
    assert not third[0]["ok"] and "exists" in third[0]["error"] and (tmp_path / "out" / "v0_crop.tif").read_bytes().startswith(b"a file")
    assert all(r["ok"] for r in crop_batch(tmp_path, tmp_path / "out2", overwrite=True))


def test_a_subfolder_of_slices_is_one_volume_of_the_batch(tmp_path):
    volume = make_ct_scene((40, 48, 48), seed=5).volume
    (tmp_path / "sample_01").mkdir()
    for i, plane in enumerate(volume):
        tifffile.imwrite(tmp_path / "sample_01" / f"rec_{i:04d}.tif", plane)
    tifffile.imwrite(tmp_path / "v0.tif", make_ct_scene((40, 48, 48), seed=0).volume)
    (tmp_path / "notes").mkdir()  # a folder with no slices: not a volume
    reports = crop_batch(tmp_path, tmp_path / "out")
    assert [(r["volume"].rsplit("/", 1)[-1], r["ok"]) for r in reports] == [("sample_01", True), ("v0.tif", True)]
    crop, box = tifffile.imread(tmp_path / "out" / "sample_01_crop.tif"), json.loads((tmp_path / "out" / "sample_01_crop.box.json").read_text())
    np.testing.assert_array_equal(crop, volume[tuple(slice(a, b) for a, b in zip(box["start"], box["stop"]))])


def test_an_hdf5_reconstruction_is_a_volume_of_the_batch(tmp_path):
    import h5py

    volume = make_ct_scene((40, 48, 48), seed=8).volume
    with h5py.File(tmp_path / "rec.h5", "w") as f:
        f.create_dataset("entry/data", data=volume)  # its only 3D dataset
    (report,) = crop_batch(tmp_path, tmp_path / "out")
    assert report["ok"], report.get("error")
    box = json.loads((tmp_path / "out" / "rec_crop.box.json").read_text())
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "out" / "rec_crop.tif"),
                                  volume[tuple(slice(a, b) for a, b in zip(box["start"], box["stop"]))])


def test_a_distributed_that_does_not_import_is_one_line_saying_how_to_mend_it_and_writes_nothing(tmp_path, monkeypatch):
    # as on 2026-12-01: dask 2026.11.0 released before its distributed, whose newest pins the dask before it
    tifffile.imwrite(tmp_path / "v0.tif", make_ct_scene((40, 48, 48), seed=0).volume)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # any import of it raises ImportError
    with pytest.raises(PretextInputError, match="dask.distributed.*matching pair"):
        crop_batch(tmp_path, tmp_path / "out")
    with pytest.raises(PretextInputError, match="--padding"):  # a bad option is still told as itself
        crop_batch(tmp_path, tmp_path / "out", padding=-1)
    assert not (tmp_path / "out").exists()


def worker_drops_the_heartbeat_traceback() -> bool:
    """On a worker: does its distributed.worker logger drop the shutdown heartbeat's record?"""
    import logging

    logger = logging.getLogger("distributed.worker")
    said = logging.LogRecord(logger.name, logging.ERROR, __file__, 0, "Failed to communicate with scheduler during heartbeat.", (), None)
    return not logger.filter(said)


def test_the_batchs_own_workers_drop_the_heartbeat_traceback_of_a_closing_cluster(tmp_path, monkeypatch):
    """dask/distributed#7105: a LocalCluster's closing can print a worker's heartbeat traceback (a
    CI run's Ctrl-C test once did); the batch's own workers drop it just before the close."""
    import napari_pretext.ct.batch as batch
    from dask.distributed import Client, LocalCluster

    seen = []

    class Watching(Client):
        def __exit__(self, *exc):
            seen.extend(self.run(worker_drops_the_heartbeat_traceback).values())
            return super().__exit__(*exc)

    monkeypatch.setattr(batch, "distributed_parts", lambda: (Watching, LocalCluster))
    tifffile.imwrite(tmp_path / "v0.tif", make_ct_scene((40, 48, 48), seed=0).volume)
    assert crop_batch(tmp_path, tmp_path / "out")[0]["ok"]
    assert seen == [True]
    assert not worker_drops_the_heartbeat_traceback()  # this process's logger is left alone


def test_the_heartbeat_filter_drops_that_record_only():
    import logging

    from napari_pretext.ct.batch import LastHeartbeat

    def record(message):
        return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 0, message, (), None)

    assert not LastHeartbeat().filter(record("Failed to communicate with scheduler during heartbeat."))
    assert LastHeartbeat().filter(record("Compute Failed"))
