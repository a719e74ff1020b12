"""Analysis on every core: a process pool whose workers each hold the pipeline
once and run the whole of ``analyze_texts`` (spaCy and the project's rules).

``analyze_parallel`` yields exactly what ``analyze_texts`` yields, in the same
order: every text goes whole to one worker, so a long text is still chunked,
and its entities resolved, exactly as in one process.

Start method: where ``fork`` is available and the parent runs no other thread,
the workers are forked from the parent after its pipeline is loaded: they start
at once and share the model's weights with the parent (copy on write). With
threads about (a progress bar's refresh thread, the app's workers), a fork
could copy a lock some thread holds; the workers are then started fresh
(``spawn``) and each loads the pipeline once in the pool's initializer, which
costs a couple of seconds and one model's memory per worker.

Work goes out in tasks of a few texts (``TASK_CHARS`` characters at most, a
longer text alone), at most two per worker in flight, so memory stays bounded
for any number of texts and the results stream back in input order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from newsread.analysis.checkworthy_choice import MODELS, choose_model, chosen_model
from newsread.analysis.records import Analysis
from newsread.analysis.run import CHUNK_CHARS, RULES_VERSION, analyze_texts

if TYPE_CHECKING:
    from newsread.analysis.pipeline import LoadedPipeline

#: Texts go to a worker in tasks of at most this many characters (or one longer
#: text; about 2 s of work), and at most ``TASK_TEXTS`` texts: small enough that
#: the workers stay evenly busy and a progress bar moves, big enough that the
#: cost of a task (pickling texts and analyses) stays negligible.
TASK_CHARS = 20_000
TASK_TEXTS = 8

#: Below this many characters in all, the texts are analysed in-process even
#: when several workers are allowed. Measured on the 2-core development machine
#: (about 11,000 characters a second in one process; two workers cost their
#: start-up plus half the time): two forked workers start in about 0.2 s and
#: already win on two short articles (2,800 characters: 0.23 s against 0.44 s);
#: a spawned worker needs 3-4 s to import spaCy and load the pipeline, so there
#: 8 articles (13,800 characters) still lose (6.0 s against 1.3 s) and the
#: break-even is near 80,000 characters.
BREAK_EVEN_CHARS = {"fork": 5_000, "spawn": 80_000}


class AnalysisFailed(RuntimeError):
    """One text could not be analysed; ``index`` is its position in the input.

    Every text before it has been yielded; the pool is shut down, not left hanging.
    """

    def __init__(self, index: int, message: str) -> None:
        super().__init__(f"text {index + 1} could not be analysed: {message}")
        self.index = index
        self.message = message


@runtime_checkable
class Analyser(Protocol):
    """Something that analyses texts for a known pipeline: the local pool or a cluster."""

    name: str
    version: str

    def describe(self) -> str: ...

    def analyze(self, texts: Sequence[str], batch_size: int = 32) -> Iterator[Analysis]: ...


def available_cores() -> int:
    """The cores this process may run on (its affinity, else ``os.cpu_count()``)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start_method(grace: float = 0.5) -> str:
    """``fork`` when it is available and safe (no other thread runs), else ``spawn``.

    A thread that is just ending (a spinner's refresh thread, told to stop but
    not joined) gets ``grace`` seconds to go.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    deadline = time.monotonic() + grace
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    return "fork" if threading.active_count() == 1 else "spawn"


def plan_workers(texts: Sequence[str], workers: int | None, method: str | None = None) -> int:
    """How many processes to use: ``workers`` when given (1 = in-process), else
    every core when the texts are enough to be worth it, never more than tasks."""
    if workers is not None:
        wanted = max(1, workers)
    else:
        total = sum(len(t) for t in texts)
        threshold = BREAK_EVEN_CHARS.get(method or start_method(), BREAK_EVEN_CHARS["spawn"])
        wanted = available_cores() if total >= threshold else 1
    return max(1, min(wanted, len(tasks_for(texts, task_chars(texts, wanted)))))


def task_chars(texts: Sequence[str], workers: int) -> int:
    """The task size for ``workers``: ``TASK_CHARS``, less when the texts are
    too few to give every worker about four tasks (the workers then finish
    together rather than one waiting on the other's last task)."""
    total = sum(len(t) for t in texts)
    return max(1, min(TASK_CHARS, -(-total // (4 * max(1, workers)))))


def tasks_for(
    texts: Sequence[str], max_chars: int = TASK_CHARS, max_texts: int = TASK_TEXTS
) -> list[range]:
    """Consecutive index ranges of ``texts``, each one worker task."""
    tasks: list[range] = []
    start = size = 0
    for i, text in enumerate(texts):
        if i > start and (size + len(text) > max_chars or i - start >= max_texts):
            tasks.append(range(start, i))
            start, size = i, 0
        size += len(text)
    if start < len(texts):
        tasks.append(range(start, len(texts)))
    return tasks


# ---- the worker side ---------------------------------------------------------

_worker_loaded: LoadedPipeline | None = None


def _exit_with_parent(parent: int) -> None:
    """End this worker when the parent is gone (killed with SIGKILL, say): the
    pool cannot tell it then, and it would wait on its pipes for ever, holding
    a pipeline's memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsread-parent-watch", daemon=True).start()


def _leave_ctrl_c_to_the_parent() -> None:
    """Ctrl-C signals every process of the terminal's foreground group, the
    workers too: each printed a traceback, or finished its task regardless.
    The parent stops them (``_stop_workers``); a worker ignores the signal.
    It was started with SIGINT blocked (``_ctrl_c_held``): one pressed while
    it started is dropped here, not raised in the middle of its imports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _init_worker(
    spec: str | None,
    expected: tuple[str, str],
    parent: int | None = None,
    model: str = MODELS[0],
) -> None:
    """Pool initializer: a forked worker already holds the parent's pipeline;
    a spawned one loads it here, once, and checks it is the parent's. Either
    scores check-worthiness with the parent's ``model``."""
    global _worker_loaded
    _leave_ctrl_c_to_the_parent()
    if parent is not None:
        _exit_with_parent(parent)
    choose_model(model)
    if _worker_loaded is None or (_worker_loaded.name, _worker_loaded.version) != expected:
        from newsread.analysis.pipeline import load_pipeline

        loaded = load_pipeline(spec)
        if (loaded.name, loaded.version) != expected:
            raise RuntimeError(
                f"worker loaded {loaded.describe()}, the parent uses {expected[0]} {expected[1]}"
            )
        _worker_loaded = loaded
    if model != MODELS[0]:
        # The pool gives every core a process: the encoder's matrix products
        # on more threads would only fight the other workers for the cores.
        from newsread.analysis.blas import set_threads

        set_threads(1)


@dataclass(frozen=True)
class BatchResult:
    """What a worker sends back: the analyses of a task's texts in order, and,
    when one text failed, its index within the task and the error."""

    analyses: list[Analysis]
    failed_at: int | None = None
    error: str = ""


def analyze_batch(
    loaded: LoadedPipeline,
    texts: list[str],
    batch_size: int = 32,
    max_length: int | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> BatchResult:
    """``analyze_texts`` on one task's texts; on an error, the texts are redone
    one by one to name the one that fails (``nlp.pipe`` parses ahead in batches,
    so the exception need not come from the next text to be yielded)."""
    done: list[Analysis] = []
    try:
        for analysis in analyze_texts(texts, loaded, batch_size, max_length, chunk_chars):
            done.append(analysis)
        return BatchResult(done)
    except Exception:  # noqa: BLE001 - any error of one text is reported, not raised
        pass
    for i in range(len(done), len(texts)):
        try:
            done.append(next(analyze_texts([texts[i]], loaded, 1, max_length, chunk_chars)))
        except Exception as exc:  # noqa: BLE001
            last = traceback.format_exception_only(exc)[-1].strip()
            return BatchResult(done, failed_at=i, error=last)
    return BatchResult(done)


def _run_task(
    texts: list[str], batch_size: int, max_length: int | None, chunk_chars: int
) -> BatchResult:
    if _worker_loaded is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker has no pipeline")
    return analyze_batch(_worker_loaded, texts, batch_size, max_length, chunk_chars)


# ---- the parent side ---------------------------------------------------------


def _spec_of(loaded: LoadedPipeline) -> str | None:
    """The name ``load_pipeline`` was given for ``loaded``, so that a spawned
    worker loads the same pipeline (None: the default preference order)."""
    from newsread.analysis import pipeline

    for key, value in list(pipeline._cache.items()):
        if value is loaded:
            return key
    path = getattr(loaded.nlp, "path", None)
    return str(path) if path else None


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT blocked while the workers start: they inherit the mask (through
    fork and exec) until their initializer ignores the signal. Here it is held,
    not lost: raised as KeyboardInterrupt once unblocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the workers now, whatever they are doing: their results are no
    longer wanted (an interrupt, a failed text, a caller that stopped), and a
    worker on a long text would hold the command for minutes."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the pool has no way to say it: its processes are ended here.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):
            process.terminate()


def unpack(task: range, result: BatchResult) -> Iterator[Analysis]:
    """A task's analyses in order; ``AnalysisFailed`` at its failed text, if any."""
    yield from result.analyses
    if result.failed_at is not None:
        raise AnalysisFailed(task.start + result.failed_at, result.error)


def analyze_parallel(
    texts: Sequence[str],
    loaded: LoadedPipeline,
    workers: int | None = None,
    batch_size: int = 32,
    max_length: int | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Analysis]:
    """``analyze_texts`` on several cores: the same analyses, in the same order.

    ``workers``: the number of processes (None: every core when the texts are
    worth it; 1: in this process, exactly ``analyze_texts``). A text that
    fails raises ``AnalysisFailed`` after every text before it was yielded.
    """
    texts = list(texts)
    method = start_method()
    n = plan_workers(texts, workers, method)
    if n <= 1:
        yield from analyze_texts(texts, loaded, batch_size, max_length, chunk_chars)
        return
    global _worker_loaded
    if method == "fork":
        _worker_loaded = loaded  # what the forked workers inherit
    pool = ProcessPoolExecutor(
        max_workers=n,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(_spec_of(loaded), (loaded.name, loaded.version), os.getpid(), chosen_model()),
    )
    try:
        pending: deque[tuple[range, Future[BatchResult]]] = deque()
        tasks = deque(tasks_for(texts, task_chars(texts, n)))

        def fill() -> None:
            while tasks and len(pending) < 2 * n:
                task = tasks.popleft()
                chunk = texts[task.start : task.stop]
                args = (chunk, batch_size, max_length, chunk_chars)
                pending.append((task, pool.submit(_run_task, *args)))

        # The first tasks start every worker (all forked at once; spawned one
        # per task submitted until there are n).
        with _ctrl_c_held():
            fill()
        while pending:
            task, future = pending.popleft()
            result = future.result()
            fill()  # the next task goes out before this one's results are consumed
            yield from unpack(task, result)
    except BaseException:
        # Ctrl-C, a failed text, or the caller stopping early (GeneratorExit):
        # the tasks in flight are not waited for.
        _stop_workers(pool)
        raise
    finally:
        # Nothing left running, and the pool's threads joined.
        pool.shutdown(wait=True, cancel_futures=True)
        if method == "fork":
            _worker_loaded = None


def analyze_each(
    analyser: Analyser, texts: Sequence[str], batch_size: int = 32
) -> Iterator[Analysis | AnalysisFailed]:
    """Every text's analysis in order, or its ``AnalysisFailed`` in its place:
    after a failure the texts after it are analysed anew."""
    texts = list(texts)
    start = 0
    while start < len(texts):
        base = start
        try:
            for analysis in analyser.analyze(texts[base:], batch_size=batch_size):
                start += 1
                yield analysis
        except AnalysisFailed as exc:
            failed = base + exc.index
            yield AnalysisFailed(failed, exc.message)
            start = failed + 1


@dataclass
class LocalAnalyser:
    """The ``Analyser`` of this machine: a loaded pipeline and a worker count."""

    loaded: LoadedPipeline
    workers: int | None = None

    @property
    def name(self) -> str:
        return self.loaded.name

    @property
    def version(self) -> str:
        return self.loaded.version

    def describe(self) -> str:
        return self.loaded.describe()

    def analyze(self, texts: Sequence[str], batch_size: int = 32) -> Iterator[Analysis]:
        return analyze_parallel(texts, self.loaded, self.workers, batch_size)


__all__ = [
    "RULES_VERSION",
    "AnalysisFailed",
    "Analyser",
    "LocalAnalyser",
    "analyze_each",
    "analyze_parallel",
    "available_cores",
    "plan_workers",
]
