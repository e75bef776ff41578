"""Writing outputs without ever losing what the user did not name.

Every output is written under a temporary sibling name and renamed into place at the end, so a
full disk, a crash or Ctrl-C never leaves a truncated file under the final name. Before any
long work, :func:`check_output` refuses an output that is, holds, or lies inside a source; an
existing file unless ``overwrite``; and an existing folder unless it is a previous output of the
same kind (a marker file inside says so) and ``overwrite`` is given. It also probes that the
folder is writable (a missing parent folder is made when the output is written, not before).
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from .errors import PretextInputError

MARKER = ".napari-pretext-output"  # inside folder outputs (zarr crops): {"kind": ...}
MODEL_SUFFIXES = (".pt", ".pth")  # PyTorch's names for a checkpoint


def check_model_name(out: str | Path) -> None:
    """Refuse a model file not named as a checkpoint: ``restored.tif`` is what a user who meant
    to restore images types, and would get a 100-400 MB checkpoint under an image's name."""
    if Path(out).suffix.lower() not in MODEL_SUFFIXES:
        raise PretextInputError(f"{Path(out).name}: a model is written as a PyTorch checkpoint, so its name ends in .pt "
                                f"(restored or segmented images come from predict).")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(out: str | Path, kind: str, sources: Sequence[str | Path] = (), overwrite: bool = False) -> Path:
    """The output path, resolved, once it is safe to write there (see the module docstring)."""
    out = Path(out).expanduser()
    resolved = out.resolve()
    for source in sources:
        # a dataset inside a file (scan.h5::/entry/data, silx's notation) is guarded as its file
        file = Path(str(source).partition("::")[0])
        src = file.expanduser().resolve()
        if _inside(resolved, src) or _inside(src, resolved):
            what = "is" if resolved == src else ("lies inside" if _inside(resolved, src) else "holds")
            raise PretextInputError(f"the output {out} {what} the source {file.name}: choose another output name.")
    if out.is_dir() and not out.is_symlink():
        if marker_kind(out) != kind:
            raise PretextInputError(f"{out} is a folder that napari-pretext did not write as a {kind}: it is never replaced; "
                                    f"choose another output name.")
        if not overwrite:
            raise PretextInputError(f"{out} exists (an earlier {kind}): pass --overwrite to replace it.")
    elif out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_file():
            raise PretextInputError(f"{out} exists and is not a regular file: choose another output name.")
        if not overwrite:
            raise PretextInputError(f"{out} exists: pass --overwrite to replace it, or choose another name.")
    probe_writable(out.parent)
    return resolved


def probe_writable(folder: Path) -> None:
    """Write and remove a tiny file in ``folder``, or in its nearest existing ancestor when it
    does not exist yet (nothing is created); a clear error if that fails."""
    folder = Path(folder).expanduser().absolute()
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        raise PretextInputError(f"cannot write into {folder}: {existing} is a file, not a folder.")
    try:
        fd, name = tempfile.mkstemp(dir=existing, prefix=".napari-pretext-probe.")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise PretextInputError(f"cannot write into {folder}: {exc.strerror or exc}.") from exc


def marker_kind(folder: Path) -> str | None:
    """The kind recorded in a folder output's marker, or None when there is none."""
    try:
        return json.loads((folder / MARKER).read_text()).get("kind")
    except (OSError, ValueError, AttributeError):
        return None


def write_marker(folder: Path, kind: str) -> None:
    (folder / MARKER).write_text(json.dumps({"kind": kind}))


@contextmanager
def atomic_path(out: str | Path) -> Iterator[Path]:
    """Yield a temporary sibling path to write ``out`` into; on success it replaces ``out``.

    A folder output replaces an earlier one only after the new one is complete; on any error
    (or Ctrl-C) the temporary is removed, folders made for ``out`` are removed again, and ``out``
    is as it was.
    """
    out = Path(out).absolute()
    made = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    tmp_dir = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.{os.getpid()}."))
    done = False
    try:
        tmp = tmp_dir / out.name
        yield tmp
        if tmp.is_dir() and out.is_dir():
            if marker_kind(out) is None:  # the last guard, whoever called: only our own outputs are replaced
                raise PretextInputError(f"{out} is a folder that napari-pretext did not write: it is never replaced.")
            old = tmp_dir / ".replaced"
            os.replace(out, old)  # the earlier output steps aside (same folder: a rename)...
            try:
                os.replace(tmp, out)
            except OSError:
                os.replace(old, out)  # ...and comes back if the new one cannot take its place
                raise
        else:
            os.replace(tmp, out)
        done = True
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        if not done:
            for folder in made:  # deepest first; only if still empty
                try:
                    folder.rmdir()
                except OSError:
                    break


def remove_stale_temporaries(out: Path) -> None:
    """Remove what a killed writer of ``out`` left (the folder ``.NAME.PID.xxxxxxxx`` that
    :func:`atomic_path` makes, PID no longer running): after a crash, running the command again
    is all it takes. Only folders of exactly that form are touched (a user's file that merely
    starts the same way is not)."""
    ours = re.compile(rf"\.{re.escape(out.name)}\.(\d+)\.[a-z0-9_]{{8}}")
    for leftover in out.parent.glob(f".{glob.escape(out.name)}.*.*"):
        found = ours.fullmatch(leftover.name)
        if found and leftover.is_dir() and not leftover.is_symlink() and not pid_alive(int(found.group(1))):
            shutil.rmtree(leftover, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (always True on Windows, where signal 0 would interrupt it)."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def os_error_text(exc: OSError) -> str:
    """One readable line for a file-system error (some writers give no errno: a short write)."""
    where = f"{exc.filename}: " if exc.filename else ""
    if exc.errno is None:
        return f"{where}{exc} (is the disk full?)"
    return f"{where}{exc.strerror or exc}"


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write a small text file (a box, a report) through :func:`atomic_path`."""
    with atomic_path(path) as tmp:
        tmp.write_text(text)
    return Path(path)


def read_json_file(path: str | Path, what: str):
    """The JSON value in ``path``, or a :class:`PretextInputError` naming the file and ``what`` it
    should have been (missing, not JSON, unreadable)."""
    path = Path(path)
    try:
        return json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise PretextInputError(f"no {what} file at {path}.") from exc
    except json.JSONDecodeError as exc:
        raise PretextInputError(f"{path.name} is not a JSON {what} ({exc.msg}, line {exc.lineno}).") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PretextInputError(f"{path} could not be read as a JSON {what} ({exc.__class__.__name__}).") from exc
