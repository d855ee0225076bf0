"""Fail when any two modules of the project import each other, directly or round a chain.

import-linter's contracts keep the layers (core, plan, the web apps, the cockpit's pages); this
check covers every module besides, so a cycle inside a package (a helper importing its caller
inside a function, say) cannot creep in either. Imports under ``if TYPE_CHECKING:`` are left
out: they are annotations only and never run, which is how a result type and the function that
explains it may name each other.

Usage: python scripts/import_cycles.py   (exit 1 and the cycles listed when there are any)
"""

from __future__ import annotations

import sys

import grimp


def cycles(package: str = "hulplijn") -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if child < len(edges[node]):
                work.append((node, child + 1))
                nxt = edges[node][child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


if __name__ == "__main__":
    groups = cycles()
    for group in groups:
        print("import cycle: " + " <-> ".join(group))
    sys.exit(1 if groups else 0)
