#!/usr/bin/env python3
"""Scores `perfaudit analyze corpus/ --format json` against corpus/labels.json.

Recall and precision are counted over (function, rule) pairs of the labelled functions; a
finding in a labelled negative is a false positive. Complexity accuracy is the share of
labelled functions whose reported complexity equals the label. Fails below recall 0.9,
precision 0.9 or complexity accuracy 0.8, and prints every miss so a failure explains itself.
"""
import json
import os
import subprocess
import sys

ROOT = os.environ.get("PERFAUDIT_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PERFAUDIT = os.environ.get("PERFAUDIT", "perfaudit")
THRESHOLDS = {"recall": 0.9, "precision": 0.9, "complexity": 0.8}


def main():
    with open(os.path.join(ROOT, "corpus", "labels.json")) as f:
        labels = json.load(f)
    run = subprocess.run([PERFAUDIT, "analyze", "corpus/", "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        print("perfaudit failed (exit %d): %s" % (run.returncode, run.stderr))
        return 1
    report = json.loads(run.stdout)
    found = {}
    for f in report["findings"]:
        found.setdefault((f["file"], f["function"]), set()).add(f["rule"])
    complexity = {(f["file"], f["name"]): f["complexity"] for f in report["functions"]}

    tp = fp = fn = right = 0
    misses = []
    for lab in labels["functions"]:
        key = (lab["file"], lab["function"])
        want = set(lab["rules"])
        got = found.get(key, set())
        tp += len(want & got)
        for r in sorted(want - got):
            fn += 1
            misses.append("missed      %s:%s %s" % (key[0], key[1], r))
        for r in sorted(got - want):
            fp += 1
            misses.append("false alarm %s:%s %s" % (key[0], key[1], r))
        if complexity.get(key) == lab["complexity"]:
            right += 1
        else:
            misses.append("complexity  %s:%s want %s got %s" %
                          (key[0], key[1], lab["complexity"], complexity.get(key, "(no function)")))
    scores = {
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "complexity": right / len(labels["functions"]) if labels["functions"] else 1.0,
    }
    for line in misses:
        print(line)
    print("labelled functions %d, true positives %d, false positives %d, false negatives %d" %
          (len(labels["functions"]), tp, fp, fn))
    print("recall %.3f  precision %.3f  complexity accuracy %.3f" %
          (scores["recall"], scores["precision"], scores["complexity"]))
    failed = [k for k, v in THRESHOLDS.items() if scores[k] < v]
    if failed:
        print("below threshold: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
