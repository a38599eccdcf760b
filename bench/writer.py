"""A curator at work while the benchmark loads the site: one save every few seconds.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/writer.py --interval 2

Each save goes through the models as an admin save does (signals, the change pipeline:
search index, slug history, page-cache versions), one entry at a time, in turn an
agreement, an event, a source, an agency and a technology area: each gets its note
rewritten, the field a curator touches most and one every public page may show.
Runs until SIGTERM or SIGINT, then prints one JSON line: the saves and their timings.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KINDS = ("agreement", "event", "source", "agency", "technology")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between saves")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import transaction

    from cooperation.kinds import KINDS as DECLARED

    stop = False

    def finish(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    rng = random.Random(args.seed)
    pks = {
        kind: list(DECLARED[kind].model.objects.published().values_list("pk", flat=True))
        for kind in KINDS
    }
    timings: list[float] = []
    for n in itertools.count():
        if stop:
            break
        kind = KINDS[n % len(KINDS)]
        started = time.perf_counter()
        with transaction.atomic():
            entry = DECLARED[kind].model.objects.get(pk=rng.choice(pks[kind]))
            entry.note = f"Checked by the benchmark's curator, save {n}."
            entry.save()
        timings.append(time.perf_counter() - started)
        time.sleep(max(0.0, args.interval - timings[-1]))
    timings.sort()
    print(
        json.dumps(
            {
                "saves": len(timings),
                "interval_s": args.interval,
                "save_p50_ms": round(1000 * timings[len(timings) // 2], 1) if timings else None,
                "save_max_ms": round(1000 * timings[-1], 1) if timings else None,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
