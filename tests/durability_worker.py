"""Worker processes for the durability tests (tests/test_durability.py) and bench/crash.py.

Run as a script, it is one writer process:

    python tests/durability_worker.py rmw      STORE TARGET_ID COUNT   # Store.write(), BEGIN IMMEDIATE
    python tests/durability_worker.py naive    STORE TARGET_ID COUNT   # plain engine, pysqlite defaults
    python tests/durability_worker.py deferred STORE TARGET_ID COUNT   # floorcon's engine, plain BEGIN
    python tests/durability_worker.py crash    STORE RUN               # multi-row saves until killed

STORE is a SQLite file or a PostgreSQL URL (where `rmw` takes the advisory lock instead, `naive`
is a plain SQLAlchemy engine and `deferred` floorcon's engine without the lock).

The three counting modes open the store, print `ready`, wait for a line on stdin (a start
barrier, so both processes really overlap), then do COUNT read-modify-write increments of one
Target row and print `done COUNT`. An error ends the process with a traceback and a non-zero code.

`crash` saves, one `Store.write()` transaction each, a two-line receipt (two `add_sale` calls)
and a coaching note naming it; after each commit returns it prints `confirmed <receipt>`.
Receipts are `K<run>-<seq>`, so every run writes new ones.

Imported, it is the parent's side: `Child` (a worker whose output is read by threads, with
timeouts), `crash_drill` (start, kill with SIGKILL at a random moment, restart) and
`verify_crash` (what the store holds afterwards).
"""

from __future__ import annotations

import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import Session, col, select

from floorcon.config import Settings, parse_database_url
from floorcon.db import Store, make_engine, make_server_engine, open_store
from floorcon.models import Associate, CoachingNote, Sale, Target
from floorcon.services.capture import add_note, add_sale
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve()
RECEIPT = re.compile(r"K(\d+)-(\d{6})")
NOTE_PREFIX = "Crash drill: sold receipt "
START_TIMEOUT = 60.0  # seconds for a worker to start and confirm its first save


# -- the worker's side -------------------------------------------------------------------------


def receipt_for(run: int, seq: int) -> str:
    return f"K{run:04d}-{seq:06d}"


def is_url(store: str | Path) -> bool:
    return str(store).startswith("postgresql")


def settings_for(store: str | Path) -> Settings:
    """The test boutique on STORE: a SQLite file, or a PostgreSQL URL."""
    if is_url(store):
        from dataclasses import replace

        return replace(make_settings(Path("server.db")), database_url=parse_database_url(str(store), "STORE"))
    return make_settings(Path(store))


def _barrier() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


def count_with_store(path: str | Path, target_id: int, count: int) -> None:
    """floorcon's way: Store.write() begins IMMEDIATE, so the read is under the write lock."""
    store = open_store(settings_for(path))
    _barrier()
    for _ in range(count):
        with store.write() as s:
            target = s.get(Target, target_id)
            assert target is not None
            target.value += 1
            s.add(target)
    store.dispose()


def count_naively(path: str | Path, target_id: int, count: int, deferred: bool) -> None:
    """The control: the same loop without BEGIN IMMEDIATE.

    `deferred`: floorcon's own engine (same pragmas, 10 s busy timeout) but a plain BEGIN, as
    `Store.read()` gives. Otherwise a plain SQLAlchemy engine with pysqlite's defaults, which
    reads outside any transaction and only says BEGIN before the UPDATE.
    """
    if is_url(path):
        engine = make_server_engine(str(path)) if deferred else create_engine(str(path))
    else:
        engine = make_engine(Path(path)) if deferred else create_engine(f"sqlite:///{path}")
    _barrier()
    for _ in range(count):
        with Session(engine) as s:
            target = s.get(Target, target_id)
            assert target is not None
            target.value += 1
            s.add(target)
            s.commit()
    engine.dispose()


def save_until_killed(path: Path, run: int) -> None:
    """Multi-row saves (2 sale lines + 1 note, one transaction each) until the parent kills us."""
    store = open_store(make_settings(path))
    b = store.boutique_id
    with store.read() as s:
        sop = s.exec(select(Associate).where(Associate.boutique_id == b, Associate.initials == "SOP")).one()
    assert sop.id is not None
    parent = os.getppid()
    seq = 0
    while os.getppid() == parent:  # never outlive the parent that would kill us
        receipt = receipt_for(run, seq)
        now = datetime.now(UTC)
        with store.write() as s:
            add_sale(s, b, receipt=receipt, associate_id=sop.id, amount=450_000, sold_at=now,
                     category="jewelry")
            add_sale(s, b, receipt=receipt, associate_id=sop.id, amount=35_000, sold_at=now,
                     category="accessories")
            add_note(s, b, associate_id=sop.id, moment="closing", kind="recognition",
                     text=f"{NOTE_PREFIX}{receipt}, bracelet and pouch", noted_at=now, author="SM")
        print(f"confirmed {receipt}", flush=True)
        seq += 1


def main(argv: list[str]) -> int:
    mode, path = argv[0], (argv[1] if is_url(argv[1]) else Path(argv[1]))
    if mode == "rmw":
        count_with_store(path, int(argv[2]), int(argv[3]))
    elif mode in ("naive", "deferred"):
        count_naively(path, int(argv[2]), int(argv[3]), deferred=mode == "deferred")
    elif mode == "crash":
        save_until_killed(Path(path), int(argv[2]))
        return 0
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    print(f"done {argv[3]}", flush=True)
    return 0


# -- the parent's side -------------------------------------------------------------------------


def worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class Child:
    """A worker process; threads read its stdout (line by line) and stderr, so every wait has
    a timeout and nothing is lost when it is killed."""

    def __init__(self, *args: object, stdin: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), *map(str, args)], cwd=ROOT, env=worker_env(),
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._err: list[str] = []
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self._threads = [
            threading.Thread(target=self._pump_lines, args=(self.proc.stdout,), daemon=True),
            threading.Thread(target=self._pump_err, args=(self.proc.stderr,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _pump_lines(self, stream) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            if line.endswith("\n"):  # a line cut short by the kill was never confirmed
                self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _pump_err(self, stream) -> None:  # type: ignore[no-untyped-def]
        self._err.append(stream.read())

    def next_line(self, timeout: float) -> str | None:
        """The next line of stdout; None once it has ended. Raises TimeoutError."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no output from worker {self.proc.args[2:]} in {timeout:.0f} s") from None

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text)
        self.proc.stdin.close()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)

    def stop(self) -> None:
        """Kill it if it still runs, and reap it."""
        self.kill()
        self.proc.wait(timeout=START_TIMEOUT)

    def finish(self, timeout: float) -> tuple[int, list[str], str]:
        """Wait for the end: its exit code, the stdout lines not yet taken, and its stderr."""
        code = self.proc.wait(timeout=timeout)
        for thread in self._threads:
            thread.join(timeout=timeout)
        lines = []
        while (line := self._lines.get(timeout=timeout)) is not None:
            lines.append(line)
        return code, lines, "".join(self._err)


@dataclass
class Drill:
    kills: int = 0
    confirmed: dict[int, list[str]] = field(default_factory=dict)  # run -> receipts, in order
    delays_ms: list[float] = field(default_factory=list)

    @property
    def confirmed_count(self) -> int:
        return sum(len(r) for r in self.confirmed.values())


def crash_drill(
    path: Path, kills: int, seed: int, max_delay: float = 0.2,
    progress: Callable[[Drill], None] | None = None,
) -> Drill:
    """Start a `crash` worker, let it confirm its first save, wait a random 0..max_delay s,
    SIGKILL it; `kills` times, each run writing new receipts."""
    rng = random.Random(seed)
    drill = Drill()
    for run in range(kills):
        delay = rng.uniform(0.0, max_delay)
        child = Child("crash", path, run)
        try:
            first = child.next_line(START_TIMEOUT)
            if first is not None:
                time.sleep(delay)  # the deliberate random moment of the crash
        finally:
            child.kill()
            code, rest, err = child.finish(timeout=START_TIMEOUT)
        lines = [x for x in [first, *rest] if x is not None]
        if first is None or code != -signal.SIGKILL or err:
            raise RuntimeError(f"crash worker run {run} ended by itself (exit {code}): {err.strip()}")
        bad = [x for x in lines if not x.startswith("confirmed ")]
        if bad:
            raise RuntimeError(f"crash worker run {run} printed {bad[0]!r}")
        drill.confirmed[run] = [x.removeprefix("confirmed ") for x in lines]
        drill.kills += 1
        drill.delays_ms.append(delay * 1000)
        if progress is not None:
            progress(drill)
    return drill


@dataclass
class Verdict:
    confirmed: int
    committed: int  # complete saves found (2 lines + their note)
    lost: list[str]  # confirmed, but not all there
    half_written: list[str]  # receipts with other than exactly lines 1 and 2
    orphan_notes: list[str]  # notes whose receipt has no sale lines
    note_problems: list[str]  # receipts with lines but not exactly one note
    out_of_order: list[str]  # a run whose saves are not 0..k-1 (+ at most the one in flight)
    unconfirmed: int  # committed just before the kill, never confirmed: allowed, one per run
    integrity: list[str]  # integrity_check rows other than "ok", and foreign key violations

    @property
    def ok(self) -> bool:
        return not (self.lost or self.half_written or self.orphan_notes or self.note_problems
                    or self.out_of_order or self.integrity)


def verify_crash(store: Store, drill: Drill) -> Verdict:
    """What the store, opened normally after the crashes, holds of the drill's saves."""
    b = store.boutique_id
    with store.read() as s:
        lines: dict[str, list[int]] = defaultdict(list)
        for receipt, line in s.exec(
            select(Sale.receipt, Sale.line).where(Sale.boutique_id == b, col(Sale.receipt).like("K%"))
        ):
            lines[receipt].append(line)
        notes = Counter()
        for text in s.exec(select(CoachingNote.text).where(
            CoachingNote.boutique_id == b, col(CoachingNote.text).startswith(NOTE_PREFIX)
        )):
            found = RECEIPT.search(text)
            notes[found.group(0) if found else text] += 1
        conn = s.connection()
        integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        integrity = [] if integrity == ["ok"] else integrity
        integrity += [f"{t} row {r}: missing {p}" for t, r, p, _ in
                      conn.exec_driver_sql("PRAGMA foreign_key_check")]
    half = sorted(r for r, ls in lines.items() if sorted(ls) != [1, 2])
    orphans = sorted(r for r in notes if r not in lines)
    note_problems = sorted(r for r in lines if notes[r] != 1)
    complete = {r for r in lines if r not in half and notes[r] == 1}
    confirmed = [r for run in drill.confirmed.values() for r in run]
    lost = [r for r in confirmed if r not in complete]
    out_of_order: list[str] = []
    unconfirmed = 0
    for run, receipts in drill.confirmed.items():
        k = len(receipts)
        if receipts != [receipt_for(run, i) for i in range(k)]:
            out_of_order.append(f"run {run}: confirmed out of sequence")
        saved = sorted(r for r in lines if r.startswith(f"K{run:04d}-"))
        if saved == [receipt_for(run, i) for i in range(k + 1)]:
            unconfirmed += 1
        elif saved != [receipt_for(run, i) for i in range(k)]:
            out_of_order.append(f"run {run}: {len(saved)} saved for {k} confirmed")
    return Verdict(len(confirmed), len(complete), lost, half, orphans, note_problems, out_of_order,
                   unconfirmed, integrity)


def summary(drill: Drill, verdict: Verdict) -> str:
    integrity = "integrity ok" if not verdict.integrity else f"integrity FAILED: {verdict.integrity[0]}"
    return (f"{drill.kills:,} kills, {verdict.confirmed:,} confirmed saves, {len(verdict.lost):,} lost, "
            f"{len(verdict.half_written):,} half-written, {integrity}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
