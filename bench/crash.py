"""Crash drill at scale: SIGKILL a writer of multi-row saves at random moments, many times.

    python bench/crash.py [--kills 300] [--store PATH] [--seed N] [--max-delay-ms 200]

Builds the tests' small boutique in a new store (a temporary one unless --store names a new
file), then `--kills` times starts a writer (tests/durability_worker.py `crash`) that saves, one
`Store.write()` transaction each, a two-line receipt and a coaching note naming it, printing
`confirmed <receipt>` after each commit; once it has confirmed its first save it is killed with
SIGKILL after a random 0..max-delay ms (seeded). Afterwards the store is opened normally and
checked: every confirmed save whole, no receipt half-written, no note without its lines,
integrity_check ok. Exits 1 on any loss, 2 when the drill itself could not run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from floorcon.clock import Clock  # noqa: E402
from floorcon.db import open_store  # noqa: E402
from tests.conftest import NOW, build_small, make_settings  # noqa: E402
from tests.durability_worker import Drill, crash_drill, summary, verify_crash  # noqa: E402


def run(path: Path, kills: int, seed: int, max_delay_ms: float) -> int:
    settings = make_settings(path)
    store = open_store(settings)
    build_small(store, Clock(settings, fixed=NOW))
    store.dispose()
    print(f"store {path}: {kills:,} kills, seed {seed}, delays 0-{max_delay_ms:g} ms", flush=True)

    started = time.monotonic()
    every = max(1, kills // 20)

    def progress(drill: Drill) -> None:
        if drill.kills % every == 0 or drill.kills == kills:
            print(f"{drill.kills:>7,}/{kills:,} kills, {drill.confirmed_count:,} confirmed saves, "
                  f"{time.monotonic() - started:.0f} s", flush=True)

    try:
        drill = crash_drill(path, kills, seed, max_delay_ms / 1000, progress)
    except (RuntimeError, TimeoutError) as exc:
        print(f"crash.py: the drill could not run: {exc}", file=sys.stderr)
        return 2
    reopened = open_store(settings)
    try:
        verdict = verify_crash(reopened, drill)
    finally:
        reopened.dispose()
    elapsed = time.monotonic() - started
    print(f"{verdict.committed:,} complete saves in the store ({verdict.unconfirmed:,} committed just "
          f"before a kill, never confirmed); {elapsed:.1f} s")
    for label, found in (("lost", verdict.lost), ("half-written", verdict.half_written),
                         ("note without its sale lines", verdict.orphan_notes),
                         ("sale lines without one note", verdict.note_problems),
                         ("out of sequence", verdict.out_of_order), ("integrity", verdict.integrity)):
        if found:
            print(f"  {label}: {len(found):,}, e.g. {', '.join(found[:5])}", file=sys.stderr)
    print(summary(drill, verdict))
    return 0 if verdict.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300, help="how many times to kill the writer")
    parser.add_argument("--store", type=Path, help="a new store file to build (kept afterwards)")
    parser.add_argument("--seed", type=int, default=20261125, help="seed of the random kill delays")
    parser.add_argument("--max-delay-ms", type=float, default=200.0,
                        help="longest wait after the first confirmed save before the kill")
    args = parser.parse_args(argv)
    if args.kills < 1:
        parser.error("--kills must be at least 1")
    if args.store is not None:
        path = args.store.expanduser().absolute()
        if path.exists():
            parser.error(f"{path} exists; the drill builds its own store, name a new file")
        path.parent.mkdir(parents=True, exist_ok=True)
        return run(path, args.kills, args.seed, args.max_delay_ms)
    with tempfile.TemporaryDirectory(prefix="floorcon-crash-") as tmp:
        return run(Path(tmp) / "crash.db", args.kills, args.seed, args.max_delay_ms)


if __name__ == "__main__":
    sys.exit(main())
