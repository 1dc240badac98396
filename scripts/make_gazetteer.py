"""Regenerate the gazetteer CSVs in data/lexicons from jionlp's division table (a curator's tool).

Not used at build or test time, and jionlp is not a project dependency: install it in a scratch virtual
environment (``pip install jionlp==1.5.31``) and run ``python scripts/make_gazetteer.py PATH/china_location.txt``
where the file is ``jionlp/dictionary/china_location.txt`` (jionlp, Apache-2.0). The table is indented by
level: province, city, county (with adcode and short name), then township and village names (no codes).

Outputs: china_regions.csv (every province/city/county outside Zhejiang), zhejiang_townships.csv and
zhejiang_villages.csv (Zhejiang townships and villages under their county adcode). zhejiang_regions.csv
(the 102 Zhejiang units) is kept as checked by hand and is not rewritten.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "lexicons"
HEADER = "# Source: jionlp 1.5.31 dictionary/china_location.txt (Apache-2.0), via scripts/make_gazetteer.py\n"


def main(src: str) -> None:
    regions: list[tuple[str, str, str, str, str]] = []
    townships: list[tuple[str, str]] = []
    villages: list[tuple[str, str, str]] = []
    prov = city = county = None
    township = None
    for raw in Path(src).read_text(encoding="utf-8").splitlines():
        depth = len(raw) - len(raw.lstrip("\t"))
        cells = raw.strip().split("\t")
        if depth == 0:
            prov = cells[1]
            regions.append((cells[1], cells[0], "province", "", cells[2] if len(cells) > 2 else ""))
        elif depth == 1:
            city = cells[1]
            if city != prov:  # municipalities repeat the province as their city
                regions.append((city, cells[0], "prefecture", prov, cells[2] if len(cells) > 2 else ""))
        elif depth == 2:
            if len(cells) < 2:  # a district listed without an adcode (Taiwan's): no unit to link to
                county = None
                continue
            county = cells[1]
            parent = city if city != prov else prov
            regions.append((county, cells[0], "county", parent, cells[2] if len(cells) > 2 else ""))
        elif depth == 3:
            township = cells[0]
            if county and county.startswith("33"):
                townships.append((county, township))
        elif depth == 4 and county and county.startswith("33"):
            villages.append((county, township or "", cells[0]))
    with (OUT / "china_regions.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "# Provinces, prefectures and counties outside Zhejiang (Zhejiang: zhejiang_regions.csv)\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["adcode", "name", "level", "parent_adcode", "short_name"])
        for adcode, name, level, parent, short in sorted(set(regions)):
            # skip placeholder rows ("市直辖行政区划") and rows that would be their own parent (HK/Macau districts)
            if not adcode.startswith("33") and adcode != parent and "直辖" not in name:
                w.writerow([adcode, name, level, parent, short])
    with (OUT / "zhejiang_townships.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "# Zhejiang townships (镇/乡/街道) under their county adcode\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["county_adcode", "township"])
        w.writerows(sorted(set(townships)))
    with (OUT / "zhejiang_villages.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "# Zhejiang villages and communities (村/社区) under their county adcode and township\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["county_adcode", "township", "village"])
        w.writerows(sorted(set(villages)))


if __name__ == "__main__":
    main(sys.argv[1])
