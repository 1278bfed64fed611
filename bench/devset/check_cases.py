#!/usr/bin/env python3
"""Checks devset case files against their repositories' history.

For each case: the fix commit exists and has a first parent, the case's file exists at the
parent, the function's name occurs in that file, the context files exist at the parent,
and the file still exists (or was renamed away) at the fix. Usage:
  check_cases.py CASES_DIR_OR_FILE... [--mirror /work/.mirror]
Repositories are looked up as MIRROR/<owner>+<name>/repo. Exits 1 when any case fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys

RULES = {"nested-loop", "linear-scan-in-loop", "missing-memoization", "quadratic-string-build",
         "realloc-linear-growth", "sort-in-loop", "front-insert-in-loop", "loop-invariant-call",
         "alloc-in-loop", "unbuffered-io-in-loop", "blas-candidate", "parallelizable-loop"}


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], capture_output=True, text=True)


def show(repo, rev, path):
    r = git(repo, "show", f"{rev}:{path}")
    return r.stdout if r.returncode == 0 else None


def check_case(repo, case):
    errs = []
    for key in ("id", "commit", "file", "function", "rule", "scope", "note"):
        if key not in case:
            errs.append(f"missing {key}")
    if errs:
        return errs
    if case["rule"] not in RULES:
        errs.append(f"unknown rule {case['rule']}")
    if case["scope"] not in ("intra", "inter"):
        errs.append(f"bad scope {case['scope']}")
    if not re.fullmatch(r"[0-9a-f]{40}", case["commit"]):
        errs.append("commit is not a full sha")
        return errs
    if git(repo, "cat-file", "-e", case["commit"] + "^").returncode != 0:
        errs.append("commit or its parent missing")
        return errs
    before = show(repo, case["commit"] + "^", case["file"])
    if before is None:
        errs.append(f"{case['file']} missing at parent")
    elif not re.search(r"\b" + re.escape(case["function"]) + r"\s*\(", before):
        errs.append(f"{case['function']} not found in {case['file']} at parent")
    for ctx in case.get("context", []):
        if show(repo, case["commit"] + "^", ctx) is None:
            errs.append(f"context {ctx} missing at parent")
    if show(repo, case["commit"], case["file"]) is None:
        errs.append(f"{case['file']} missing at fix (renamed or deleted)")
    return errs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--mirror", default="/work/.mirror")
    args = ap.parse_args()
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".json"))
        else:
            files.append(p)
    bad = total = 0
    for f in files:
        with open(f) as fh:
            data = json.load(fh)
        repo = os.path.join(args.mirror, data["repo"].replace("/", "+"), "repo")
        ids = set()
        for case in data["cases"]:
            total += 1
            errs = check_case(repo, case)
            if case.get("id") in ids:
                errs.append("duplicate id")
            ids.add(case.get("id"))
            if errs:
                bad += 1
                print(f"{os.path.basename(f)} {case.get('id')}: " + "; ".join(errs))
    print(f"{total - bad} of {total} cases valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
