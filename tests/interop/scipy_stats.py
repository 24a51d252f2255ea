# SciPy's statistics of the data sets on stdin (one JSON line each), printed one JSON line each, for
# tests/interop/statistics_scipy.test.mjs. Run with Debian's /usr/bin/python3 (python3-scipy).
import json
import sys

import numpy as np
from scipy import stats
from scipy.stats import contingency

for line in sys.stdin:
    if not line.strip():
        continue
    d = json.loads(line)
    x = np.array(d["x"], dtype=float)
    y = np.array(d["y"], dtype=float)
    table = np.array(d["table"], dtype=float)
    # Empty rows and columns carry no information (our test drops them; SciPy refuses zero expected counts).
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    print(json.dumps({
        "mean": float(np.mean(x)),
        "median": float(np.median(x)),
        "sd": float(np.std(x, ddof=1)),
        "spearman": float(stats.spearmanr(x, y).correlation),
        "chi2": float(chi2),
        "p": float(p),
        "cramersV": float(contingency.association(table.astype(np.int64), method="cramer", correction=False)),
    }))
