"""File writes that never leave a half-written file behind, and guarded reads."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any, Callable, Iterator

__all__ = ["atomic_text_stream", "atomic_write_bytes", "exclusive_lock", "parquet_records", "read_text"]


def read_text(path: Path) -> str:
    """A regular UTF-8 file's text (a BOM is dropped); unreadable, non-regular or non-UTF-8 files are
    one-line InputErrors."""
    from ..errors import InputError
    from .guard import read_regular_bytes

    try:
        return read_regular_bytes(path).decode("utf-8-sig")  # a FIFO or device is refused, never read
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 (byte {error.start})") from None


def parquet_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """A parquet file's rows as dicts, streamed a batch at a time (pyarrow, not a dependency).
    A missing pyarrow, an unreadable file and a damaged row group met half-way through are
    one-line InputErrors."""
    from ..errors import InputError

    try:
        import pyarrow.parquet as pq  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        raise InputError(f"{path}: reading parquet needs pyarrow (pip install pyarrow), "
                         "or convert the file to CSV") from None
    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=1024)
        while (batch := next(batches, None)) is not None:
            rows = batch.to_pylist()
            yield from rows  # the caller's own errors are not raised in here: only pyarrow's are caught
    except Exception as error:  # pyarrow raises many types for a bad file
        message = " ".join(str(error).split()) or type(error).__name__
        raise InputError(f"{path}: cannot read parquet: {message}") from None


def atomic_write_bytes(path: Path, data: bytes, validate: Callable[[Path], None] | None = None,
                       mode: int | None = None) -> None:
    """Write to a temporary file beside `path`, fsync, validate it, then rename over `path`.

    If anything fails before the rename, `path` keeps its previous content. `mode` fixes the
    file's permissions; by default it keeps the old file's mode, or the umask default.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # ~2.5 ms with shutil; only writes need it

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file 0600; give it the mode the old file had, or the umask default.
        if mode is None:
            try:
                mode = path.stat().st_mode & 0o777
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if validate is not None:
            validate(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock for a read-modify-write of `path`, so parallel
    writers queue instead of each overwriting the others' changes (flock; a no-op where the
    platform has none)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; writes are still atomic, only not serialised
        yield
        return
    lock = Path(path).with_name(Path(path).name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def atomic_text_stream(path: Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream into a temporary file beside `path`, fsynced and renamed over it only
    when the block ends without an error (a streamed output is never left half-written)."""
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp's 0600 would hide an output from the user's group
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
