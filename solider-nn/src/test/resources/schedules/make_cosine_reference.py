"""Reference values of the release's cosine_scheduler (SOLIDER utils.py, the same function as DINO's).

Usage: /usr/bin/python3 make_cosine_reference.py [RELEASE_DIR] > cosine_reference.json
RELEASE_DIR: a checkout of tinyvision/SOLIDER (commit b8779cc); the function is imported from its utils.py.
"""
import json, sys, types, importlib.util

release = sys.argv[1] if len(sys.argv) > 1 else "/work/release/SOLIDER"


def load_utils():
    # utils.py imports modules the schedule does not use (faiss, ...): stand in empty modules for
    # whichever of them this Python lacks, so that the function itself runs unmodified.
    while True:
        spec = importlib.util.spec_from_file_location("solider_utils", release + "/utils.py")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            return module
        except ModuleNotFoundError as e:
            sys.modules[e.name] = types.ModuleType(e.name)


utils = load_utils()

cases = [
    # (base, final, epochs, niter_per_ep, warmup_epochs, start_warmup_value)
    (1.0, 0.1, 3, 2, 1, 0.0),
    (5e-4 * 48 / 256, 1e-6, 100, 5, 10, 0.0),
    (0.04, 0.4, 4, 3, 0, 0.0),          # weight decay: rises
    (0.996, 1.0, 5, 4, 0, 0.0),         # teacher momentum
    (2.0, 0.5, 2, 1, 1, 0.25),          # warm-up from a start value, one iteration per epoch
    (1.0, 0.0, 1, 1, 0, 0.0),           # a single iteration
]
out = []
for c in cases:
    s = utils.cosine_scheduler(c[0], c[1], c[2], c[3], warmup_epochs=c[4], start_warmup_value=c[5])
    out.append({"args": list(c), "values": [float(v) for v in s]})
json.dump(out, sys.stdout, indent=1)
