#!/usr/bin/env python3
"""Runs the examples of every rule's doc page through perfaudit (as jq tests its manual):
the "Flagged" block must give exactly the findings its `/* expect: rule */` comments mark,
on those lines, and the "Not flagged" block must give none."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.environ.get("PERFAUDIT_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PERFAUDIT = os.environ.get("PERFAUDIT", "perfaudit")


def blocks(text):
    out = {}
    for section in ("Flagged", "Not flagged"):
        m = re.search(r"^## %s\s*$(.*?)^```c\n(.*?)^```" % section, text, re.S | re.M)
        if m:
            out[section] = m.group(2)
    return out


def analyse(code):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "example.c")
        with open(path, "w") as f:
            f.write(code)
        run = subprocess.run([PERFAUDIT, "analyze", path, "--format", "json"],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            raise RuntimeError("exit %d: %s" % (run.returncode, run.stderr.strip()))
        return [(f["rule"], f["line"]) for f in json.loads(run.stdout)["findings"]]


def main():
    failures = 0
    pages = sorted(glob.glob(os.path.join(ROOT, "docs", "rules", "*.md")))
    for page in pages:
        rule = os.path.basename(page)[:-3]
        if rule == "README":
            continue
        text = open(page).read()
        b = blocks(text)
        for section in ("Flagged", "Not flagged"):
            if section not in b:
                print("%s: no %s example" % (page, section))
                failures += 1
                continue
            code = b[section]
            want = sorted((m.group(1), code[:m.start()].count("\n") + 1)
                          for m in re.finditer(r"/\* expect: ([a-z-]+) \*/", code))
            got = sorted(analyse(code))
            if got != want:
                print("%s (%s): expected %s, got %s" % (rule, section, want, got))
                failures += 1
    print("%d doc pages checked, %d failures" % (len(pages), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
