"""The process pool behind ``-j N``: worker processes, each with its own pipe, fed chunks of files.

Why not ``concurrent.futures``: a pool that knows which file each worker is on can report the one
file whose check killed a worker (out of memory, a crash in a C extension) and go on with the rest,
where ``ProcessPoolExecutor`` fails every pending file. And the parent decides what crosses the pipe.

- **Protocol.** The parent sends a worker a list of ``(index, path)``; the worker answers each file
  on its own as soon as it is done, ``(index, payload)``, so results stream back per file and a
  dead worker's first unanswered file is the one it died on. ``None`` tells a worker to stop.
- **Payload.** ``work(path)`` in the worker: a ``FileResult``, or whatever a ``transform`` made of
  it there (a format's rendered text and the counts: ``govlint.stream``), which is what the parent
  needs and much less to pickle.
- **Order.** :func:`run` yields payloads in input order as soon as each one and all before it are in.
- **Lifetime.** Each worker holds the read end of a "lifeline" pipe whose write end only the parent
  keeps; a thread in the worker waits on it and ends the worker when the parent is gone, even when
  it was killed with SIGKILL. Ctrl-C is the parent's to handle.
- **Start methods.** Everything a worker receives is picklable and its entry point is a module
  function, so ``spawn`` (Windows, macOS) works as ``fork`` does. ``GOVLINT_START_METHOD`` (or
  :data:`START_METHOD`) picks one; by default the platform's.
- **Garbage collection.** Long-lived objects (the compiled rules in a worker, finished results in
  the parent) are moved out of the collector's way with ``gc.freeze()`` and the young-generation
  threshold is raised, so collections do not rescan them for every few hundred new objects; the
  collector still runs, so reference cycles are still freed.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

# None: the platform's default start method.
START_METHOD: str | None = os.environ.get("GOVLINT_START_METHOD") or None
# A young-generation threshold that lets a file's check allocate freely between collections
# (CPython's default, 700, runs a collection every few findings on a findings-heavy report).
GC_THRESHOLD = 50_000

Work = Callable[[str], Any]


class WorkerDied(Exception):
    """A worker process ended without answering for ``index`` (carried to the caller as a result)."""

    def __init__(self, index: int, exitcode: int | None) -> None:
        super().__init__(index, exitcode)
        self.index = index
        self.exitcode = exitcode


class Relay(Exception):
    """An exception a worker could not turn into a result, carried whole to the parent."""


def tune_gc() -> None:
    """Freeze what exists now (rules, modules) and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, second, third)


def _watch(lifeline: Any) -> None:
    """In a worker: end the process as soon as the parent's end of the lifeline is closed."""
    try:
        lifeline.recv()
    except (EOFError, OSError):
        pass
    os._exit(3)


def _die_with(parent: int) -> None:
    """On Linux, also ask the kernel to kill this worker when the parent dies: the lifeline thread
    cannot run while a long regular-expression match holds the interpreter."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(3)


def _worker_main(conn: Any, lifeline: Any, parent_end: Any, work: Work, parent: int) -> None:
    """A worker's whole life: answer chunks until told to stop or the parent goes away."""
    import signal

    _die_with(parent)
    # Forked workers inherit the parent's end of the lifeline: keep only ours, or we keep each other alive.
    if parent_end is not None:
        parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(lifeline,), daemon=True).start()
    tune_gc()
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for index, path in chunk:
            try:
                payload = work(path)
            except BaseException as exc:  # a GovlintError that must stop the run, or a bug
                try:
                    conn.send((index, Relay(exc)))
                except Exception:  # cannot be pickled: the parent reports this file as a dead worker's
                    pass
                return
            conn.send((index, payload))


class _Worker:
    def __init__(self, context: Any, lifeline_read: Any, lifeline_write: Any, work: Work) -> None:
        self.conn, child = context.Pipe()
        parent_end = lifeline_write if context.get_start_method() == "fork" else None
        self.process = context.Process(
            target=_worker_main,
            args=(child, lifeline_read, parent_end, work, os.getpid()),
            daemon=True,
            name="govlint-worker",
        )
        self.process.start()
        # Only the worker may hold its end: the pipe reads EOF when the worker dies.
        child.close()
        # The files sent and not yet answered, in the order the worker checks them.
        self.pending: deque[tuple[int, str]] = deque()

    def give(self, chunk: list[tuple[int, str]]) -> None:
        self.pending.extend(chunk)
        self.conn.send(chunk)

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.conn.close()


def chunks(items: list[tuple[int, str]], jobs: int) -> list[list[tuple[int, str]]]:
    """Chunks big enough to amortise the IPC while much is left, shrinking as the end nears (a
    quarter of each worker's share of what remains, at most 64 files): the last chunks are a file
    or two, so no worker is left checking a long last chunk while the others wait (with equal
    chunks of 62 files that tail was up to a tenth of a 1,000-report run)."""
    found = []
    start = 0
    while start < len(items):
        size = max(1, min(64, (len(items) - start) // (jobs * 4)))
        found.append(items[start : start + size])
        start += size
    return found


def run(items: list[tuple[int, str]], work: Work, jobs: int) -> Iterator[tuple[int, Any]]:
    """Run ``work`` on every path with ``jobs`` processes; yield ``(index, payload)`` in input order.

    A worker that dies yields ``(index, WorkerDied)`` for the file it was checking and the rest of
    its chunk goes to a new worker. A worker's :class:`Relay` is raised here, after every worker
    is stopped.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context(START_METHOD)
    lifeline_read, lifeline_write = context.Pipe(duplex=False)
    queue = deque(chunks(items, jobs))
    order = [index for index, _ in items]
    position = 0
    ready: dict[int, Any] = {}
    workers: list[_Worker] = []
    tune_gc()
    try:
        for _ in range(min(jobs, len(queue))):
            worker = _Worker(context, lifeline_read, lifeline_write, work)
            worker.give(queue.popleft())
            workers.append(worker)
        while position < len(order):
            if order[position] in ready:
                yield order[position], ready.pop(order[position])
                position += 1
                continue
            if not workers:  # cannot happen: every unanswered file belongs to a worker
                raise RuntimeError("no worker left")
            for ready_conn in wait([worker.conn for worker in workers]):
                worker = next(w for w in workers if w.conn is ready_conn)
                conn = worker.conn
                try:
                    index, payload = conn.recv()
                except (EOFError, OSError):
                    workers.remove(worker)
                    _replace(worker, workers, queue, ready, context, lifeline_read, lifeline_write, work)
                    continue
                if isinstance(payload, Relay):
                    raise payload.args[0]
                worker.pending.popleft()
                ready[index] = payload
                if not worker.pending:
                    if queue:
                        worker.give(queue.popleft())
                    else:
                        worker.stop()
                        workers.remove(worker)
    finally:
        for worker in workers:
            worker.stop()
        lifeline_write.close()
        lifeline_read.close()
        for worker in workers:
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()


def _replace(
    dead: _Worker,
    workers: list[_Worker],
    queue: deque[list[tuple[int, str]]],
    ready: dict[int, Any],
    context: Any,
    lifeline_read: Any,
    lifeline_write: Any,
    work: Work,
) -> None:
    """A worker died: its unanswered first file is the culprit, the rest of its chunk is redone."""
    dead.process.join(timeout=5)
    dead.conn.close()
    if not dead.pending:
        return
    culprit, _ = dead.pending.popleft()
    ready[culprit] = WorkerDied(culprit, dead.process.exitcode)
    if dead.pending:
        queue.appendleft(list(dead.pending))
    if queue:
        worker = _Worker(context, lifeline_read, lifeline_write, work)
        worker.give(queue.popleft())
        workers.append(worker)
