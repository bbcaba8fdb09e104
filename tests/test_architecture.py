"""The house's layers, checked on the code's own imports (issue 17).

Every import in ``bot/`` is read, at any depth (imports inside functions count; those under
``if TYPE_CHECKING:`` do not). Floors: a module may import its own floor and the ones below.
The ALLOWED_* sets hold what is still to be moved: each package of the restructure empties its
entries, an entry that no longer happens fails the test (so the lists only shrink), and after
the last step they are all empty.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"

#: Longest prefix wins. A new module must be given a floor here (test_every_module_has_a_floor).
FLOORS = {
    # 1: no bot imports beyond this floor
    "bot.clock": 1, "bot.datafiles": 1, "bot.statuses": 1, "bot.config": 1, "bot.logs": 1,
    "bot.phones": 1, "bot.privacy": 1, "bot.sms": 1,
    "bot.media_links": 1,
    # 2: language and pure domain
    "bot.nlu": 2, "bot.i18n": 2, "bot.catalog": 2, "bot.answers": 2, "bot.coops": 2, "bot.geo": 2,
    "bot.hours": 2,
    # 3: the pure conversation core
    "bot.conversation": 3,
    # 4: infrastructure
    "bot.store": 4, "bot.messaging": 4, "bot.couriers": 4,
    # 5: application services
    "bot.alerts": 5, "bot.orders": 5, "bot.members": 5, "bot.service": 5, "bot.worker": 5,
    "bot.relay": 5,
    # 6: entry points
    "bot": 6, "bot.web": 6, "bot.cli": 6, "bot.evals": 6, "bot.nlu.__main__": 6, "bot.nlu.eval": 6,
    # the operator's dashboard's helpers (written after the plan; only admin and cli use them)
    "bot.exports": 6, "bot.photos": 6, "bot.slips": 6,
}
#: What floors 1-3 never import: the pure core does no I/O of its own.
IO_PACKAGES = {"flask", "werkzeug", "click", "requests", "twilio", "sqlite3", "sqlite_utils",
               "gunicorn"}
IO_MODULES = ("bot.store", "bot.messaging", "bot.couriers", "bot.web", "bot.worker")
#: Only these modules may name the database driver.
DRIVER = {"sqlite3", "sqlite_utils"}
#: Inside the store, only its lowest layers name the driver; the aggregates go through them.
STORE_DRIVER = {"bot.store.sql", "bot.store.schema", "bot.store.connection"}
#: What the store imports of the bot besides itself.
STORE_IMPORTS = {"bot.clock", "bot.statuses", "bot.privacy"}

# --- what was still to be moved during the restructure; empty since step F --------------------
# An entry here is an exception to the rule its test checks; the test fails when it no longer
# happens, so these only shrink.
ALLOWED_CYCLES: set[frozenset[str]] = set()
# (importer, imported)
ALLOWED_UPWARD: set[tuple[str, str]] = set()
# (importer, module, name)
ALLOWED_PRIVATE: set[tuple[str, str, str]] = set()
# (core module, I/O import)
ALLOWED_IO: set[tuple[str, str]] = set()
# modules outside bot.store naming the driver or running SQL
ALLOWED_DRIVER: set[str] = set()


def _modules() -> dict[str, Path]:
    mods = {}
    for path in sorted(BOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skip


def _resolve(target: str) -> str | None:
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def _read(mod: str) -> list[tuple[str | None, str | None, tuple[str, ...], int]]:
    """(bot module or None, top-level name imported, names taken, line) for every import."""
    path = MODULES[mod]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out: list[tuple[str | None, str | None, tuple[str, ...], int]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.append((_resolve(alias.name), alias.name, (), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = tuple(a.name for a in node.names)
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            for sub in subs:
                out.append((sub, sub, (), node.lineno))
            rest = tuple(n for n in names if f"{target}.{n}" not in MODULES)
            if rest or not subs:
                out.append((_resolve(target) if target.startswith("bot") else None,
                            target, rest, node.lineno))
    return out


IMPORTS = {mod: _read(mod) for mod in MODULES}


def _edges() -> dict[str, set[str]]:
    return {mod: {t for t, _, _, _ in found if t and t != mod} for mod, found in IMPORTS.items()}


def _floor(mod: str) -> int | None:
    while mod:
        if mod in FLOORS:
            return FLOORS[mod]
        mod = mod.rpartition(".")[0]
    return None


def _cycles(edges: dict[str, set[str]]) -> set[frozenset[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: set[frozenset[str]] = set()
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _check(found: set, allowed: set, what: str) -> None:
    new = found - allowed
    gone = allowed - found
    assert not new, f"new {what}: {sorted(map(sorted, new)) if what == 'cycles' else sorted(new)}"
    shown = sorted(map(sorted, gone)) if what == "cycles" else sorted(gone)
    assert not gone, f"fixed, now remove from the allowlist: {shown}"


def test_every_module_has_a_floor():
    assert [m for m in MODULES if _floor(m) is None] == []


def test_no_import_cycles():
    _check(_cycles(_edges()), ALLOWED_CYCLES, "cycles")


def test_no_module_imports_a_higher_floor():
    upward = {(a, b) for a, targets in _edges().items() for b in targets
              if _floor(a) is not None and _floor(b) is not None and _floor(b) > _floor(a)}
    _check(upward, ALLOWED_UPWARD, "upward imports")


def test_no_private_names_across_modules():
    found = set()
    for mod, imports in IMPORTS.items():
        aliases = {}
        for target, _, names, _ in imports:
            for name in names:
                if target and target != mod and name.startswith("_") and not name.startswith("__"):
                    found.add((mod, target, name))
        tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
        for node in ast.walk(tree):                     # module aliases: "from . import geo"
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    for target, full, _, _ in imports:
                        if full == target and target and target.endswith("." + a.name):
                            aliases[a.asname or a.name] = target
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in aliases and aliases[node.value.id] != mod \
                    and node.attr.startswith("_") and not node.attr.startswith("__"):
                found.add((mod, aliases[node.value.id], node.attr))
    _check(found, ALLOWED_PRIVATE, "private names taken across modules")


def test_the_core_imports_no_io():
    found = set()
    for mod, imports in IMPORTS.items():
        if (_floor(mod) or 9) > 3:
            continue
        for target, top, _, _ in imports:
            root = (top or "").split(".")[0]
            if root in IO_PACKAGES:
                found.add((mod, root))
            if target and target.startswith(IO_MODULES):
                found.add((mod, target))
    _check(found, ALLOWED_IO, "I/O imports in floors 1-3")


def _runs_sql(mod: str) -> bool:
    tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and n.func.attr in ("execute", "executemany", "executescript")
               for n in ast.walk(tree))


def _in_store(mod: str) -> bool:
    return mod == "bot.store" or mod.startswith("bot.store.")


def _names_driver(mod: str) -> bool:
    return any((top or "").split(".")[0] in DRIVER for _, top, _, _ in IMPORTS[mod])


def test_only_the_store_names_the_driver_or_runs_sql():
    found = {mod for mod in IMPORTS if not _in_store(mod)
             and (_names_driver(mod) or _runs_sql(mod))}
    _check(found, ALLOWED_DRIVER, "driver imports outside bot.store")


def test_the_store_aggregates_reach_the_driver_through_sql_and_schema():
    found = {mod for mod in IMPORTS if _in_store(mod) and _names_driver(mod)}
    assert found <= STORE_DRIVER, sorted(found - STORE_DRIVER)


def test_the_store_imports_only_clock_statuses_and_privacy():
    found = {(mod, target) for mod, imports in IMPORTS.items() if _in_store(mod)
             for target, _, _, _ in imports
             if target and not _in_store(target) and target not in STORE_IMPORTS}
    assert found == set(), sorted(found)


def test_importing_the_conversation_loads_no_io():
    """What the static test cannot see (a package face, a lazy import): ask Python."""
    code = ("import sys, bot.conversation; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {IO_PACKAGES!r} "
            f"or m.startswith({IO_MODULES!r})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.stdout.strip() == "[]", out.stdout
