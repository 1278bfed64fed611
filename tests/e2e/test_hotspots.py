#!/usr/bin/env python3
"""Profile-guided ranking on the corpus, as a user runs it: every program in labels.json is
built with cc -O2 -g, recorded with `perfaudit record` at its default arguments, and analysed
with `analyze --profile --format json`. The first recommendation must be the planted dominant
hotspot (its function, and a finding of the planted rule among its findings), measured (evidence
from the profile), with a speedup above 1.2 (a dominant hotspot leaves room) and leverage = speedup / effort. The hotspot must also
be the first entry of `hotspots` by self time or lie on its cumulative path."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ.get("PERFAUDIT_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PERFAUDIT = os.environ.get("PERFAUDIT", "perfaudit")


def check_program(work, prog, problems):
    src = os.path.join(ROOT, prog["file"])
    name = os.path.basename(src)[:-2]
    exe = os.path.join(work, name)
    prof = os.path.join(work, name + ".prof")
    subprocess.run(["cc", "-std=gnu11", "-O2", "-g", "-o", exe, src, "-lm"], check=True)
    rec = subprocess.run([PERFAUDIT, "record", "-o", prof, "--", exe] + prog["args"],
                         capture_output=True, text=True)
    if rec.returncode != 0:
        problems.append("%s: record failed (%d): %s" % (name, rec.returncode, rec.stderr.strip()))
        return
    out = subprocess.run([PERFAUDIT, "analyze", src, "--profile", prof, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        problems.append("%s: analyze exit %d: %s" % (name, out.returncode, out.stderr.strip()))
        return
    report = json.loads(out.stdout)
    recs = report["recommendations"]
    findings = {f["id"]: f for f in report["findings"]}
    if not recs:
        problems.append("%s: no recommendation" % name)
        return
    top = recs[0]
    rules = {findings[i]["rule"] for i in top["findings"]}
    summary = "%s: #1 %s (%s) %.2fx, effort %.2f h" % (
        name, top["function"], ",".join(sorted(rules)), top["estimated_speedup"],
        top["effort_hours"])
    print(summary)
    if top["function"] != prog["hotspot"]:
        problems.append("%s: first recommendation is %s, the planted hotspot is %s" %
                        (name, top["function"], prog["hotspot"]))
    if prog["hotspot_rule"] not in rules:
        problems.append("%s: first recommendation's rules %s lack %s" %
                        (name, sorted(rules), prog["hotspot_rule"]))
    if top["evidence"].get("source") != "profile":
        problems.append("%s: evidence is not from the profile" % name)
    if top["estimated_speedup"] <= 1.2:
        problems.append("%s: speedup %.2f for a dominant hotspot" % (name, top["estimated_speedup"]))
    lev = top["estimated_speedup"] / top["effort_hours"]
    if abs(lev - top["leverage"]) > 0.02 * max(1.0, lev):
        problems.append("%s: leverage %.2f is not speedup / effort %.2f" % (name, top["leverage"], lev))
    leverages = [r["leverage"] for r in recs]
    if leverages != sorted(leverages, reverse=True):
        problems.append("%s: recommendations not sorted by leverage" % name)
    hot = [h["function"] for h in report.get("hotspots", [])]
    if prog["hotspot"] not in hot:
        problems.append("%s: %s is not among the hotspots %s" % (name, prog["hotspot"], hot))


def main():
    labels = json.load(open(os.path.join(ROOT, "corpus", "labels.json")))
    work = tempfile.mkdtemp(prefix="perfaudit-hotspots.")
    problems = []
    try:
        for prog in labels["programs"]:
            check_program(work, prog, problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print("FAIL " + p)
    print("%d programs, %d problems" % (len(labels["programs"]), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
