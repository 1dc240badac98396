"""Saved queries: one ``queries/NAME.rq`` file per query, with a grlc-style decorator header.

Header lines start with ``#+``::

    #+ summary: Cases in a region, including its sub-regions
    #+ description: …
    #+ tags:
    #+   - regions
    #+ defaults:
    #+   - region: 台州市
    #+ enumerate:
    #+   - role

Parameters follow grlc's naming: ``?_name`` is a required parameter, ``?__name`` an optional one; a
suffix gives the type: ``?_region_iri``, ``?_min_decimal``, ``?_n_integer``, ``?_before_date``,
``?_flag_boolean``, ``?_q_zh`` (a string with that language tag); no suffix is a plain string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryError
from kg.paths import queries_dir

TYPES = ("iri", "integer", "decimal", "date", "boolean", "string")
_PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Parameter:
    name: str  # what the user passes: --param name=value
    variable: str  # the SPARQL variable without "?": _region_iri
    type: str  # iri | integer | decimal | date | boolean | string
    lang: str | None = None
    required: bool = True
    default: str | None = None
    enum: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "type": self.type + (f"@{self.lang}" if self.lang else ""),
            "required": self.required and self.default is None,
            "default": self.default,
            "enum": list(self.enum),
        }


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    form: str = "SELECT"  # SELECT | CONSTRUCT | DESCRIBE | ASK

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": self.tags,
            "form": self.form,
            "parameters": [p.to_dict() for p in self.parameters],
        }


def _decorators(text: str) -> dict[str, object]:
    """Parse the ``#+`` header: the small YAML subset grlc decorators use.

    ``key: value`` scalars (indented continuation lines are joined, as YAML folds plain scalars),
    ``- item`` lists, ``- name: value`` mappings (defaults) and grlc's nested enumeration lists::

        #+ enumerate:
        #+   - role:
        #+     - primary
        #+     - partner

    which become the item ``"role: primary, partner"``, the same as the one-line form.
    """
    out: dict[str, object] = {}
    key = None
    nested: list[str] | None = None  # the values of a "- name:" item being collected
    nested_indent = 0
    for raw in text.splitlines():
        if not raw.startswith("#+"):
            if raw.strip() and not raw.startswith("#"):
                break
            continue
        line = raw[2:].rstrip()
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if stripped.startswith("- "):
            if key is None:
                continue
            item = stripped[2:].strip()
            lst = out.setdefault(key, [])
            if not isinstance(lst, list):
                continue
            if nested is not None and indent > nested_indent:
                nested.append(item)
                lst[-1] = lst[-1].split(":", 1)[0] + ": " + ", ".join(nested)
                continue
            nested = None
            lst.append(item)
            if item.endswith(":"):
                nested, nested_indent = [], indent
            continue
        if indent > 1 and key is not None and isinstance(out.get(key), str) and out[key]:
            out[key] = f"{out[key]} {stripped}"
            continue
        k, sep, v = stripped.partition(":")
        if sep:
            key = k.strip()
            nested = None
            out[key] = v.strip() if v.strip() else []
    return out


def _split_variable(prefix: str, body: str) -> Parameter:
    parts = body.split("_")
    type_, lang = "string", None
    if len(parts) > 1:
        last = parts[-1]
        if parts[-2:] == ["xsd", "date"] or last == "date":
            type_ = "date"
            parts = parts[:-2] if parts[-2:] == ["xsd", "date"] else parts[:-1]
        elif last in TYPES:
            type_ = last
            parts = parts[:-1]
        elif _LANG.match(last) and last not in {"id", "min", "max", "top"}:
            lang = last
            parts = parts[:-1]
    return Parameter(name="_".join(parts), variable=prefix + body, type=type_, lang=lang, required=prefix == "_")


def parse_query(name: str, text: str, path: Path | None = None) -> SavedQuery:
    deco = _decorators(text)
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    form_m = re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", body, flags=re.I)
    defaults: dict[str, str] = {}
    for item in deco.get("defaults", []) or []:
        k, _, v = str(item).partition(":")
        defaults[k.strip()] = v.strip()
    enums: dict[str, tuple[str, ...]] = {}
    for item in deco.get("enumerate", []) or []:
        k, _, v = str(item).partition(":")
        values = tuple(x.strip() for x in v.split(",") if x.strip())
        enums[k.strip()] = values
    params: dict[str, Parameter] = {}
    for m in _PARAM.finditer(body):
        p = _split_variable(m.group(1), m.group(2))
        if p.name in params:
            continue
        params[p.name] = Parameter(
            p.name, p.variable, p.type, p.lang, p.required, defaults.get(p.name), enums.get(p.name, ())
        )
    tags = deco.get("tags", [])
    return SavedQuery(
        name=name,
        path=path or Path(name + ".rq"),
        text=text,
        summary=str(deco.get("summary", "")),
        description=str(deco.get("description", "")),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [str(tags)],
        parameters=list(params.values()),
        form=(form_m.group(1).upper() if form_m else "SELECT"),
    )


def list_queries(directory: Path | None = None) -> list[SavedQuery]:
    d = directory or queries_dir()
    return [parse_query(p.stem, p.read_text(encoding="utf-8"), p) for p in sorted(d.glob("*.rq"))]


def load_query(name: str, directory: Path | None = None) -> SavedQuery:
    d = directory or queries_dir()
    path = d / f"{name}.rq"
    if not path.exists():
        known = ", ".join(q.name for q in list_queries(d)) or "none"
        raise QueryError(f"no saved query named '{name}' in {d} (known: {known})")
    return parse_query(name, path.read_text(encoding="utf-8"), path)
