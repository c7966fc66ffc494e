"""`kehoach eval --gold` gives the numbers of ../shared/eval/score.py, metric for metric.

The scorer reads each document's contract JSON (`--pred`); the evaluation scores the same documents
in its process pool. Both print to three decimals; every metric and `overall` must agree.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import SHARED, needs_shared

from kehoach.evaluate.run import collect_files, load_known, run_files
from kehoach.evaluate.summary import summarize
from kehoach.extract import extract_file

SETS = [
    ("dev", "corpus/dev", "gold-dev", None),
    ("seeds-txt", "seeds", "gold", None),
    ("seeds-pdf", "seeds/pdf", "gold", "pdf"),
]


def scorer(docs, gold, pred, ext) -> dict[str, str]:
    args = [sys.executable, str(SHARED / "eval" / "score.py"), "--docs", str(docs), "--gold", str(gold), "--pred", str(pred)]
    if ext:
        args += ["--ext", ext]
    out = subprocess.run(args, capture_output=True, text=True, timeout=300, check=True).stdout
    metrics = dict(re.findall(r"^([\w.]+)\s+(\d\.\d{3})$", out, re.M))
    metrics["overall"] = re.search(r"^overall: (\S+)$", out, re.M).group(1)
    return metrics


@needs_shared
@pytest.mark.parametrize(("name", "docs", "gold", "ext"), SETS, ids=[s[0] for s in SETS])
def test_gold_metrics_equal_the_scorers(name, docs, gold, ext, tmp_path):
    docs, gold = SHARED / docs, SHARED / gold
    known = load_known(gold=gold)
    files = collect_files([docs])
    for gname, answer in known.gold.values():
        doc = docs / answer["file"]
        if ext:
            doc = doc.with_suffix("." + ext)
        (tmp_path / gname).write_text(extract_file(doc).model_dump_json(), encoding="utf-8")
    expected = scorer(docs, gold, tmp_path, ext)

    summary = summarize(run_files(files, known, jobs=2), known, {})
    got = {k: f"{v:.3f}" for k, v in summary["gold"]["metrics"].items()}
    got["overall"] = f"{summary['gold']['overall']:.3f}"
    assert got == expected
    assert summary["gold"]["documents"] == len(known.gold)
