"""Analysis on a Dask distributed cluster, for corpora too big for one machine.

``ClusterAnalyser.connect(address)`` joins a running scheduler; ``analyze``
sends the texts in tasks of a few texts each (as the local process pool does)
and yields the analyses back in input order, so the caller writes the cache
and the library here, under its own lock, as for a local analysis.

Every worker loads the pipeline once: the task functions below call
``load_pipeline``, which keeps one pipeline per process. The workers need
newsread (``pip install 'newsread[cluster]'``) and the English pipeline
installed; the first task asks a worker which pipeline it has, and every
result is checked against that identity and this machine's rules version,
so the cache is never keyed with the wrong pipeline.

Dask is imported only here, inside functions: nothing of Dask loads unless a
scheduler is asked for.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsread.analysis.checkworthy_choice import choose_model, chosen_model, model_note
from newsread.analysis.parallel import TASK_CHARS, BatchResult, analyze_batch, tasks_for, unpack
from newsread.analysis.records import Analysis
from newsread.analysis.run import CHUNK_CHARS, rules_version

#: Tasks in flight per worker thread: enough to keep every worker busy while
#: results travel, few enough to bound the client's memory on any corpus.
IN_FLIGHT_PER_THREAD = 2

#: Seconds to wait for the scheduler to answer, and for a first worker.
CONNECT_TIMEOUT = 30.0


class ClusterError(RuntimeError):
    """The cluster cannot be reached, or its workers disagree with this machine."""


# ---- run on the workers ------------------------------------------------------


def worker_identity(spec: str | None, model: str) -> tuple[str, str, str]:
    """(pipeline name, pipeline version, rules version) of the worker it runs on,
    scoring check-worthiness with the client's ``model``."""
    from newsread.analysis.pipeline import load_pipeline

    loaded = load_pipeline(spec)
    choose_model(model)
    return loaded.name, loaded.version, rules_version()


def worker_batch(
    spec: str | None,
    model: str,
    texts: list[str],
    batch_size: int,
    max_length: int | None,
    chunk_chars: int,
) -> BatchResult:
    """One task on a worker: the pipeline (loaded once per worker process) on a few texts."""
    from newsread.analysis.pipeline import load_pipeline

    choose_model(model)
    return analyze_batch(load_pipeline(spec), texts, batch_size, max_length, chunk_chars)


# ---- the client --------------------------------------------------------------

#: Address schemes whose location is host:port, as Dask parses them.
_HOST_PORT_SCHEMES = ("tcp", "tls", "ws", "wss")


def _check_address(address: str, timeout: float) -> None:
    """Refuse at once an address Dask cannot parse, and a host that refuses or does
    not exist: Dask itself would raise deep inside ``Client`` (whose half-made
    object then hangs the exit for a minute), or retry a refused port until its
    timeout."""
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    example = "tcp://host:8786"
    try:
        scheme, location = parse_address(address, strict=False)
    except ValueError as exc:
        raise ClusterError(f"{address!r} is not a scheduler address ({example})") from exc
    if scheme not in backends:
        raise ClusterError(
            f"{address!r} is not a scheduler address: Dask speaks "
            + ", ".join(f"{name}://" for name in sorted(backends))
            + f", not {scheme}:// ({example})"
        )
    if scheme not in _HOST_PORT_SCHEMES:
        return
    try:
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise ClusterError(f"{address!r} is not a scheduler address ({example})") from exc
    if not 0 < int(port) < 65536:
        raise ClusterError(f"{address!r} is not a scheduler address: no port {port}")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            pass
    except socket.gaierror as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: no host {host}") from exc
    except ConnectionRefusedError as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: connection refused"
        ) from exc
    except OSError:
        return  # a timeout or a route problem: Dask tries again, then says so


@dataclass
class ClusterAnalyser:
    """An ``Analyser`` whose work runs on a Dask cluster."""

    address: str
    spec: str | None
    name: str
    version: str
    client: Any = field(repr=False)

    @classmethod
    def connect(
        cls, address: str, spec: str | None = None, timeout: float | None = None
    ) -> ClusterAnalyser:
        """Join the scheduler at ``address`` and learn the workers' pipeline."""
        timeout = CONNECT_TIMEOUT if timeout is None else timeout
        try:
            import dask
            from distributed import Client
        except ImportError as exc:
            raise ClusterError("--scheduler needs Dask: pip install 'newsread[cluster]'") from exc
        _check_address(address, timeout)
        try:
            # The connect timeout is Dask's own setting; Client's covers the rest.
            with dask.config.set({"distributed.comm.timeouts.connect": f"{timeout}s"}):
                client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        try:
            if not client.nthreads():
                client.wait_for_workers(1, timeout=timeout)
            name, version, rules = client.submit(
                worker_identity, spec, chosen_model(), pure=False
            ).result()
        except Exception as exc:
            client.close()
            raise ClusterError(f"the cluster at {address} cannot analyse: {exc}") from exc
        if rules != rules_version():
            client.close()
            raise ClusterError(
                f"the workers run newsread rules {rules}, this machine {rules_version()}: "
                "install the same newsread on both"
            )
        return cls(address=address, spec=spec, name=name, version=version, client=client)

    def describe(self) -> str:
        return f"{self.name} {self.version}{model_note()} on {self.address}"

    def threads(self) -> int:
        """Worker threads in the cluster now (``scheduler_info`` lists only a few workers)."""
        return max(1, sum(self.client.nthreads().values()))

    def analyze(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        max_length: int | None = None,
        chunk_chars: int = CHUNK_CHARS,
    ) -> Iterator[Analysis]:
        """The analyses of ``texts`` in order, computed on the cluster.

        A text that fails raises ``AnalysisFailed`` after the ones before it."""
        texts = list(texts)
        tasks = deque(tasks_for(texts, TASK_CHARS))
        limit = IN_FLIGHT_PER_THREAD * self.threads()
        pending: deque[tuple[range, Any]] = deque()
        expected = (self.name, f"{self.version}+rules.{rules_version()}")
        model = chosen_model()

        def fill() -> None:
            while tasks and len(pending) < limit:
                task = tasks.popleft()
                chunk = texts[task.start : task.stop]
                future = self.client.submit(
                    worker_batch,
                    self.spec,
                    model,
                    chunk,
                    batch_size,
                    max_length,
                    chunk_chars,
                    pure=False,
                )
                pending.append((task, future))

        try:
            fill()
            while pending:
                task, future = pending.popleft()
                result: BatchResult = future.result()
                fill()
                for analysis in unpack(task, result):
                    found = (analysis.pipeline_name, analysis.pipeline_version)
                    if found != expected:
                        raise ClusterError(
                            f"a worker analysed with {found[0]} {found[1]}, expected "
                            f"{expected[0]} {expected[1]}: install the same pipeline everywhere"
                        )
                    yield analysis
        finally:
            for _, future in pending:
                future.cancel()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> ClusterAnalyser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
