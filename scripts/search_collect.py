"""Collects scripts/search-experiment.sh's metrics into OUT/results.md: the re-id fine-tuning of the
backbone, each search training's evaluations (before training, every few epochs, at the end) and
the λ sweep of the trained models. Needs only the standard library.

  python3 scripts/search_collect.py runs/search
"""
import argparse, glob, json, os, re, sys

BACKBONES = ["solider", "solider+reid"]
KEYS = ["mAP", "top1", "top5", "top10"]

p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("out")
a = p.parse_args()


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"search_collect: cannot read {path}: {e}")


def pct(x):
    return f"{100 * x:.2f} %"


def row(label, m):
    d = m.get("detection", {})
    cells = [pct(m[k]) for k in KEYS] + [pct(d["recall"]) if "recall" in d else "–", pct(d["ap"]) if "ap" in d else "–"]
    return f"| {label} | " + " | ".join(cells) + " |"


head = "| mAP | top-1 | top-5 | top-10 | detection recall | detection AP |"
rule = "|---|---|---|---|---|---|---|"
lines = ["# Person search on the synthetic CUHK-SYSU set", ""]

reid = os.path.join(a.out, "reid")
if os.path.exists(os.path.join(reid, "metrics.json")):
    before = load(os.path.join(reid, "metrics_initial.json")) if os.path.exists(
        os.path.join(reid, "metrics_initial.json")) else None
    after = load(os.path.join(reid, "metrics.json"))
    lines += ["## The backbone's re-id fine-tuning (synthetic Market-1501, unseen test identities)", "",
              "| model | mAP | rank-1 |", "|---|---|---|"]
    for label, m in (("SOLIDER checkpoint", before), ("after re-id fine-tuning", after)):
        if m is not None:
            lines.append(f"| {label} | {pct(m['mAP'])} | {pct(m['rank1'])} |")
    lines.append("")

for name in BACKBONES:
    train = os.path.join(a.out, name, "train")
    if not os.path.isdir(train):
        continue
    lines += [f"## Search training from `{name}` (λ as trained)", "", "| evaluation " + head, rule]
    initial = os.path.join(train, "metrics_initial.json")
    if os.path.exists(initial):
        lines.append(row("before training", load(initial)))
    epochs = sorted((int(re.search(r"epoch(\d+)", f).group(1)), f)
                    for f in glob.glob(os.path.join(train, "metrics_epoch*.json")))
    for epoch, f in epochs:
        lines.append(row(f"after {epoch} epochs", load(f)))
    final = os.path.join(train, "metrics.json")
    if os.path.exists(final):
        m = load(final)
        lines.append(row(f"after {m.get('epoch', '?')} epochs (end)", m))
    lines.append("")
    test = os.path.join(a.out, name, "test", "metrics.json")
    if os.path.exists(test):
        sweep = load(test).get("by_semantic_weight", [])
        lines += [f"λ sweep of the trained model (`{name}/test`):", "", "| λ " + head, rule]
        for e in sweep:
            lines.append(row(f"{e['semantic_weight']:g}", e))
        lines.append("")

with open(os.path.join(a.out, "results.md"), "w") as f:
    f.write("\n".join(lines))
print("\n".join(lines))
