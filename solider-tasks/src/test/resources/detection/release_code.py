"""Loads single definitions out of the release's (and mmcv 0.2's) source files.

The release's modules cannot be imported as a whole here (they pull in mmcv, addict and compiled
CUDA ops), so the reference scripts take the definitions they need, unchanged, from the files
with the ast module and execute them in a namespace holding the modules those definitions use.
"""
import ast


def _names(node):
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    return set()


def load(path, names, namespace, cls=None):
    """Executes the top-level functions, classes and assignments `names` of `path` (or the
    methods of class `cls`) in `namespace` and returns the namespace."""
    with open(path) as f:
        tree = ast.parse(f.read(), filename=path)
    body = tree.body
    if cls is not None:
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
    found = [n for n in body if _names(n) & set(names)]
    missing = set(names) - set().union(*[_names(n) for n in found])
    if missing:
        raise KeyError("%s: no definitions %s" % (path, sorted(missing)))
    for n in found:
        if hasattr(n, "decorator_list"):
            n.decorator_list = []  # registry / fp16 decorators need mmcv
    module = ast.Module(body=found, type_ignores=[])
    exec(compile(module, path, "exec"), namespace)
    return namespace
