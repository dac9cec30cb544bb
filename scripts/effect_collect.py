"""Collects scripts/effect-experiment.sh's metrics into OUT/results.csv (one row per setting, seed,
task, λ, metric) and OUT/results.md (mean ± sample standard deviation over the seeds, one table
per metric: rows setting × task, columns λ). Needs only the standard library.

  python3 scripts/effect_collect.py runs/effect --seeds 1 2 [--extra TASK=PATH ...]
"""
import argparse, csv, json, os, statistics, sys

SETTINGS = ["solider", "dino", "none"]
# task → (metrics.json path inside the seed's folder, metrics read from each λ's entry)
TASKS = {
    "reid-ft": ("reid-ft/test/metrics.json", ["mAP", "rank1"]),
    "reid-frozen": ("reid-frozen/metrics.json", ["mAP", "rank1"]),
    "attr-ft": ("attr-ft/test/metrics.json", ["mA", "instance_f1"]),
    "attr-probe": ("attr-probe/test/metrics.json", ["mA", "instance_f1"]),
}

p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("out")
p.add_argument("--seeds", nargs="+", required=True)
p.add_argument("--extra", nargs="*", default=[], metavar="TASK=PATH",
               help="more tasks: a name and the metrics.json path inside each setting-seed folder, e.g. "
                    "reid-ft-128x64=reid-ft-128x64/test/metrics.json (its metrics: mAP and rank1 when the "
                    "name starts with reid, else mA and instance_f1)")
a = p.parse_args()
for spec in a.extra:
    name, _, rel = spec.partition("=")
    if not name or not rel:
        sys.exit(f"effect_collect: --extra needs TASK=PATH, got {spec!r}")
    TASKS[name] = (rel, ["mAP", "rank1"] if name.startswith("reid") else ["mA", "instance_f1"])

rows, missing = [], []
for setting in SETTINGS:
    for seed in a.seeds:
        for task, (rel, metrics) in TASKS.items():
            path = os.path.join(a.out, f"{setting}-s{seed}", rel)
            if not os.path.isfile(path):
                missing.append(path)
                continue
            with open(path) as f:
                m = json.load(f)
            for entry in m["by_semantic_weight"]:
                for name in metrics:
                    rows.append({"setting": setting, "seed": seed, "task": task,
                                 "lambda": entry["semantic_weight"], "metric": name, "value": entry[name]})
if not rows:
    sys.exit(f"effect_collect: no metrics under {a.out} (missing e.g. {missing[:1]})")

with open(os.path.join(a.out, "results.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["setting", "seed", "task", "lambda", "metric", "value"])
    w.writeheader()
    w.writerows(rows)

lambdas = sorted({r["lambda"] for r in rows})
lines = [f"Seeds: {' '.join(a.seeds)}. Each cell: mean ± sample standard deviation over the seeds "
         "(± — with one seed), in percent.", ""]
for task, (_, metrics) in TASKS.items():
    for name in metrics:
        lines.append(f"### {task}, {name}")
        lines.append("")
        lines.append("| setting | " + " | ".join(f"λ = {l:g}" for l in lambdas) + " |")
        lines.append("|---|" + "---|" * len(lambdas))
        for setting in SETTINGS:
            cells = []
            for l in lambdas:
                v = [100 * r["value"] for r in rows if r["setting"] == setting and r["task"] == task
                     and r["metric"] == name and r["lambda"] == l]
                if not v:
                    cells.append("")
                else:
                    sd = f"{statistics.stdev(v):.1f}" if len(v) > 1 else "—"
                    cells.append(f"{statistics.mean(v):.1f} ± {sd}" + (f" (n={len(v)})" if len(v) != len(a.seeds) else ""))
            lines.append(f"| {setting} | " + " | ".join(cells) + " |")
        lines.append("")
if missing:
    lines.append("Missing (not run or failed): " + ", ".join(missing))
with open(os.path.join(a.out, "results.md"), "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"effect_collect: {len(rows)} values → {a.out}/results.csv, {a.out}/results.md"
      + (f"; {len(missing)} metrics files missing" if missing else ""))
