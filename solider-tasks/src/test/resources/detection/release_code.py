"""Loads single functions and classes out of the release's source files.

The release's modules cannot be imported as a whole here (they pull in mmcv and compiled CUDA
ops), so the reference scripts take the definitions they need, unchanged, from the files with
the ast module and execute them in a namespace with the modules those definitions use.
"""
import ast


def load(path, names, namespace, cls=None):
    """Executes the top-level definitions `names` of `path` (or the methods of class `cls`) in
    `namespace` and returns the namespace."""
    with open(path) as f:
        tree = ast.parse(f.read(), filename=path)
    body = tree.body
    if cls is not None:
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
    found = [n for n in body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name in names]
    missing = set(names) - {n.name for n in found}
    if missing:
        raise KeyError("%s: no definitions %s" % (path, sorted(missing)))
    for n in found:
        n.decorator_list = []  # registry / fp16 decorators need mmcv
    module = ast.Module(body=found, type_ignores=[])
    exec(compile(module, path, "exec"), namespace)
    return namespace
