"""How fast a POS export goes in: 100,000 sale lines into the demo boutique.

    .venv/bin/python bench/imports.py [--lines 100000] [--runs 3] [--seed 11]

Builds the demo boutique once (two years of history: ~17,000 sale lines, 2,000 clients), writes
a seeded sales export as a French POS writes it (semicolon, UTF-8 with BOM, dd/mm/yyyy hh:mm:ss,
decimal comma, non-breaking-space thousands, French headers, 1 to 3 lines a receipt, a third of
the receipts with a client number), then times `import_file` on a fresh copy of the store each
run and prints the median. The requirement: under 5 s; the aim: 2 s or less.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select

from floorcon.cli import demo_settings
from floorcon.clock import Clock
from floorcon.db import open_store
from floorcon.demo import build_demo
from floorcon.models import Associate, Client, Sale
from floorcon.services.imports import import_file

NOW = "2026-11-25T19:30:00+01:00"
CATEGORIES = ("Joaillerie", "Horlogerie", "Haute Joaillerie", "Mariage", "Maroquinerie", "Accessoires")
WEIGHTS = (40, 25, 3, 10, 12, 10)
PRICES = {"Joaillerie": (900, 25_000), "Horlogerie": (3_500, 60_000), "Haute Joaillerie": (40_000, 400_000),
          "Mariage": (1_200, 12_000), "Maroquinerie": (600, 6_000), "Accessoires": (150, 1_500)}


def money(minor: int) -> str:
    """12345678 -> '123\u00a0456,78' (French: NBSP thousands, decimal comma)."""
    sign = "-" if minor < 0 else ""
    whole, cents = divmod(abs(minor), 100)
    return f"{sign}{whole:,}".replace(",", "\u00a0") + f",{cents:02d}"


def write_export(path: Path, lines: int, seed: int, initials: list[str], clients: list[str]) -> None:
    rng = random.Random(seed)
    first = date(2026, 11, 25) - timedelta(days=365)
    out = ["N° ticket;Ligne;Date heure;Vendeur;Montant TTC;Qté;Famille;N° client"]
    receipt = 0
    while len(out) - 1 < lines:
        receipt += 1
        day = first + timedelta(days=rng.randrange(365))
        if day.weekday() == 6:
            day -= timedelta(days=1)
        moment = f"{day:%d/%m/%Y} {rng.randint(10, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
        seller = rng.choice(initials)
        client = rng.choice(clients) if rng.random() < 0.35 else ""
        ret = rng.random() < 0.03
        for line in range(1, rng.choice((1, 1, 1, 2, 2, 3)) + 1):
            category = rng.choices(CATEGORIES, WEIGHTS)[0]
            low, high = PRICES[category]
            amount = rng.randint(low, high) * 100 + rng.choice((0, 0, 0, 50, 90))
            units = rng.choice((1, 1, 1, 1, 2))
            if ret:
                amount, units = -amount, -units
            out.append(f"R{receipt:07d};{line};{moment};{seller};{money(amount)};{units};{category};{client}")
            if len(out) - 1 >= lines:
                break
    path.write_text("\n".join(out) + "\n", encoding="utf-8-sig")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="floorcon-bench-") as folder:
        root = Path(folder)
        template = root / "template.db"
        settings = demo_settings(template, "SM")
        clock = Clock(settings, fixed=NOW)
        started = time.perf_counter()
        store = open_store(settings)
        build_demo(store, clock)
        with store.read() as session:
            b = store.boutique_id
            initials = list(session.exec(select(Associate.initials).where(Associate.boutique_id == b)))
            numbers = list(session.exec(select(Client.number).where(Client.boutique_id == b)))
            history = len(session.exec(select(Sale.id)).all())
        store.checkpoint()
        store.dispose()
        print(f"demo boutique: {len(initials)} associates, {len(numbers):,} clients, {history:,} sale lines "
              f"({time.perf_counter() - started:.1f} s)")
        export = root / "ventes.csv"
        write_export(export, args.lines, args.seed, initials, numbers)
        print(f"export: {args.lines:,} lines, {export.stat().st_size / 1e6:.1f} MB ({export.name})")

        timings, again = [], []
        for run in range(1, args.runs + 1):
            target = root / f"run{run}.db"
            shutil.copyfile(template, target)
            run_settings = demo_settings(target, "SM")
            run_clock = Clock(run_settings, fixed=NOW)
            run_store = open_store(run_settings)
            try:
                began = time.perf_counter()
                result = import_file(run_store, run_settings, run_clock, "sales", export)
                timings.append(time.perf_counter() - began)
                began = time.perf_counter()  # the same file again: every line found unchanged
                repeat = import_file(run_store, run_settings, run_clock, "sales", export)
                again.append(time.perf_counter() - began)
            finally:
                run_store.dispose()
            print(f"run {run}: {timings[-1]:.2f} s — {result.summary()}")
            print(f"       again {again[-1]:.2f} s — {repeat.summary()}")
        median = statistics.median(timings)
        print(f"median of {args.runs}: {median:.2f} s for {args.lines:,} lines "
              f"({args.lines / median:,.0f} lines/s); requirement < 5 s, aim <= 2 s")
        print(f"the same file again (nothing to write): median {statistics.median(again):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
