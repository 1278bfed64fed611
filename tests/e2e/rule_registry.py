#!/usr/bin/env python3
"""Keeps the rule set in step: the registry (perfaudit --list-rules), the contract's rule
table, the doc pages and the corpus labels must name the same rules, with the contract's
categories."""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.environ.get("PERFAUDIT_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PERFAUDIT = os.environ.get("PERFAUDIT", "perfaudit")
CONTRACT = os.path.join(ROOT, "..", "shared", "CONTRACT.md")


def main():
    out = subprocess.run([PERFAUDIT, "analyze", "--list-rules"], capture_output=True, text=True,
                         check=True).stdout
    registry = dict(re.findall(r"^([a-z][a-z-]+)\s+\(?([ABCD])\)?", out, re.M))
    if not registry:
        print("could not read rules from --list-rules:\n" + out)
        return 1
    problems = []
    if os.path.exists(CONTRACT):
        contract = dict(re.findall(r"^\| `([a-z-]+)` \| ([ABCD]) \|", open(CONTRACT).read(), re.M))
        for rule, cat in registry.items():
            if rule not in contract:
                problems.append("%s is not in CONTRACT.md" % rule)
            elif contract[rule] != cat:
                problems.append("%s: category %s, CONTRACT.md says %s" % (rule, cat, contract[rule]))
    docs = {os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "docs", "rules", "*.md"))}
    docs.discard("README")
    if docs != set(registry):
        problems.append("doc pages %s vs registry %s" % (sorted(docs), sorted(registry)))
    labels = json.load(open(os.path.join(ROOT, "corpus", "labels.json")))
    labelled = {r for f in labels["functions"] for r in f["rules"]}
    if labelled != set(registry):
        problems.append("corpus labels %s vs registry %s" % (sorted(labelled), sorted(registry)))
    for p in problems:
        print(p)
    print("%d rules, %d problems" % (len(registry), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
