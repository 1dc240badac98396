"""Diffusion: for each mechanism, the regions in the order of the earliest document that reports them.

The documents are dated by ``dcterms:issued`` (a day, or only a month for the compilation); ISO strings
compare correctly as text ("2021-09-30" < "2022-12"). A region reported only in undated documents comes
last, marked as undated: the order says when a practice was *reported*, not when it started.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.analysis.source import Rows, local_name


@dataclass(frozen=True)
class Adoption:
    region: str  # IRI
    label: str
    first: str | None  # earliest issue date (YYYY-MM-DD or YYYY-MM), None if undated
    cases: tuple[str, ...]  # case ids reporting it on that date
    docs: tuple[str, ...]


@dataclass(frozen=True)
class Diffusion:
    mechanism: str
    label: str
    adoptions: tuple[Adoption, ...]  # in order of first report

    @property
    def waves(self) -> int:
        """Distinct report dates: 1 means every region appears in the same document batch."""
        return len({a.first for a in self.adoptions})


def diffusion(rows: Rows, *, min_regions: int = 2) -> list[Diffusion]:
    """Per mechanism used by at least ``min_regions`` regions, its adoptions in order of first report."""
    found: dict[tuple[str, str], dict[str, tuple[str | None, set[str], set[str]]]] = defaultdict(dict)
    for r in rows:
        key = (r["mechanism"] or "", r["label"] or "")
        region = r["region"] or ""
        date = r["issued"] or None
        per = found[key]
        label_first = per.get(region)
        if label_first is None or _earlier(date, label_first[0]):
            per[region] = (date, {local_name(r["case"] or "")}, {r["doc"] or ""})
        elif date == label_first[0]:
            label_first[1].add(local_name(r["case"] or ""))
            label_first[2].add(r["doc"] or "")
    names = {r["region"]: r["rname"] for r in rows}
    out: list[Diffusion] = []
    for (m, label), per in found.items():
        if len(per) < min_regions:
            continue
        adoptions = sorted(
            (
                Adoption(reg, names.get(reg) or reg, d, tuple(sorted(cs)), tuple(sorted(ds)))
                for reg, (d, cs, ds) in per.items()
            ),
            key=lambda a: (a.first is None, a.first or "", a.label),
        )
        out.append(Diffusion(m, label, tuple(adoptions)))
    out.sort(key=lambda d: (-len(d.adoptions), d.label))
    return out


def _earlier(a: str | None, b: str | None) -> bool:
    if a is None:
        return False
    return b is None or a < b
