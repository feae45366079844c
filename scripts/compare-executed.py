#!/usr/bin/env python3
"""Compare the numbers two runs of the notebooks show: every table and text output of every
executed notebook under two folders (e.g. out/ before and after a change).

    /usr/bin/python3 scripts/compare-executed.py BEFORE_DIR AFTER_DIR

For each notebook present in both folders, the numbers (tokens like 0.531, -1.2e-3, 2019) of the
text/plain form of every output are collected in order, per output; the script prints, per
notebook, how many outputs and numbers each run shows and every output whose multiset of numbers
differs (column renames and reordering do not count; a changed value does). Exit 1 on a difference.
Figures are compared by their Plotly data arrays the same way (application/vnd.plotly.v1+json).
"""
import json, os, re, sys
from collections import Counter

NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

def outputs(path):
    nb = json.load(open(path, encoding="utf-8"))
    res = []
    for ci, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if "application/vnd.plotly.v1+json" in data:
                fig = data["application/vnd.plotly.v1+json"]
                nums = []
                for tr in fig.get("data", []):
                    for k in ("x", "y", "z", "values"):
                        v = tr.get(k)
                        if isinstance(v, list):
                            flat = []
                            for e in v:
                                flat.extend(e if isinstance(e, list) else [e])
                            nums += [f"{x:.10g}" for x in flat if isinstance(x, (int, float)) and not isinstance(x, bool)]
                res.append(("figure", ci, nums))
                continue
            text = data.get("text/plain") if data else o.get("text")
            if text is None:
                continue
            if isinstance(text, list):
                text = "".join(text)
            res.append(("text", ci, NUM.findall(text)))
    return res

def main(a, b):
    bad = 0
    for dirpath, _, files in os.walk(a):
        for f in sorted(files):
            if not f.endswith(".ipynb"):
                continue
            pa = os.path.join(dirpath, f)
            rel = os.path.relpath(pa, a)
            pb = os.path.join(b, rel)
            if not os.path.exists(pb):
                print(f"{rel}: missing in {b}")
                bad += 1
                continue
            oa, ob = outputs(pa), outputs(pb)
            ta = [o for o in oa if o[0] == "text"]
            tb = [o for o in ob if o[0] == "text"]
            fa = [o for o in oa if o[0] == "figure"]
            fb = [o for o in ob if o[0] == "figure"]
            na = Counter(x for o in ta for x in o[2])
            nbc = Counter(x for o in tb for x in o[2])
            ga = Counter(x for o in fa for x in o[2])
            gb = Counter(x for o in fb for x in o[2])
            same = na == nbc and ga == gb
            print(f"{rel}: tables/text {len(ta)} -> {len(tb)} outputs, {sum(na.values())} -> {sum(nbc.values())} numbers; "
                  f"figures {len(fa)} -> {len(fb)}, {sum(ga.values())} -> {sum(gb.values())} numbers: {'same' if same else 'DIFFERENT'}")
            if not same:
                bad += 1
                only_a, only_b = na - nbc, nbc - na
                if only_a or only_b:
                    print(f"   text numbers only before: {sorted(only_a.elements())[:25]}")
                    print(f"   text numbers only after:  {sorted(only_b.elements())[:25]}")
                fa_, fb_ = ga - gb, gb - ga
                if fa_ or fb_:
                    print(f"   figure numbers only before: {sorted(fa_.elements())[:15]} ({sum(fa_.values())})")
                    print(f"   figure numbers only after:  {sorted(fb_.elements())[:15]} ({sum(fb_.values())})")
    print(f"{'no difference' if not bad else f'{bad} notebook(s) differ'}")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
