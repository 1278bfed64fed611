#!/usr/bin/env python3
"""Checks bench/devset: every case file is well formed and names real rule ids, funcrange
finds hand-counted line ranges, and score.py scores a synthetic two-commit repository the way
its rules say (hit before, quiet after; a missing mirror is listed with its fetch call)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ.get("PERFAUDIT_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PERFAUDIT = os.environ.get("PERFAUDIT", "perfaudit")
DEVSET = os.path.join(ROOT, "bench", "devset")
sys.path.insert(0, DEVSET)
import devset_cases  # noqa: E402
import funcrange  # noqa: E402

# K&R definition, a prototype, a call inside another body, a C++ constructor with an
# initialiser list and a const method with the brace on its own line.
SNIPPET = """int
old(a, b)
  int a;
  char *b;
{
  return a;
}
static int proto(int);
void g(void) { old(1, "x("); /* old(2) { */ }
A::A(int x) : m(x), n{3} {
  f(x);
}
std::vector<int> C::h(int a) const noexcept
{
  return {};
}
"""
RANGES = {"old": [(1, 7)], "proto": [], "g": [(9, 9)], "A::A": [(10, 12)], "h": [(13, 16)]}

BEFORE = """#include <string.h>
void drop_zeros(int *a, int *n)
{
\tint i = 0;
\twhile (i < *n) {
\t\tif (a[i] == 0) {
\t\t\tmemmove(a + i, a + i + 1, (*n - i - 1) * sizeof *a);
\t\t\t(*n)--;
\t\t} else
\t\t\ti++;
\t}
}
"""
AFTER = """void drop_zeros(int *a, int *n)
{
\tint in, out = 0;
\tfor (in = 0; in < *n; in++)
\t\tif (a[in] != 0)
\t\t\ta[out++] = a[in];
\t*n = out;
}
"""


def git(repo, *args):
    subprocess.run(["git", "-C", repo] + list(args), check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t"))


def main():
    problems = []
    rules = {os.path.basename(p)[:-3] for p in os.listdir(os.path.join(ROOT, "docs", "rules"))
             if p.endswith(".md") and p != "README.md"}
    cases = devset_cases.load_cases()  # exits on a malformed file or a duplicate id
    for c in cases:
        if c["rule"] not in rules:
            problems.append("%s: unknown rule %s" % (c["id"], c["rule"]))
        if len(c["commit"]) != 40:
            problems.append("%s: commit is not a full sha" % c["id"])
    for name, want in RANGES.items():
        got = funcrange.ranges(SNIPPET, name)
        if got != want:
            problems.append("funcrange %s: %s, want %s" % (name, got, want))

    tmp = tempfile.mkdtemp(prefix="devset-test-")
    try:
        repo = os.path.join(tmp, "mirrors", "demo+proj", "repo")
        os.makedirs(repo)
        git(repo, "init", "-q")
        for text in (BEFORE, AFTER):
            with open(os.path.join(repo, "list.c"), "w") as f:
                f.write(text)
            git(repo, "add", "list.c")
            git(repo, "commit", "-q", "-m", "x")
        sha = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        cases_dir = os.path.join(tmp, "cases")
        os.makedirs(cases_dir)
        for repo_name, cid in (("demo/proj", "demo-1"), ("demo/absent", "absent-1")):
            with open(os.path.join(cases_dir, repo_name.replace("/", "+") + ".json"), "w") as f:
                json.dump({"repo": repo_name, "cases": [
                    {"id": cid, "commit": sha, "file": "list.c", "function": "drop_zeros",
                     "rule": "front-insert-in-loop", "scope": "intra", "note": "test"}]}, f)
        out_json = os.path.join(tmp, "out.json")
        run = subprocess.run([sys.executable, os.path.join(DEVSET, "score.py"), "--perfaudit",
                              PERFAUDIT, "--mirrors", os.path.join(tmp, "mirrors"), "--cache",
                              os.path.join(tmp, "cache"), "--cases", cases_dir, "--json",
                              out_json], capture_output=True, text=True)
        if run.returncode != 0:
            problems.append("score.py exited %d: %s" % (run.returncode, run.stderr))
        else:
            res = {r["id"]: r for r in json.load(open(out_json))["cases"]}
            demo = res["demo-1"]
            if (demo["status"], demo["hit"], demo["after"]) != ("ok", True, "quiet"):
                problems.append("demo case scored %s" % demo)
            if res["absent-1"]["status"] != "no mirror":
                problems.append("absent case scored %s" % res["absent-1"])
            if "fetch github:demo/absent" not in run.stdout:
                problems.append("missing mirror not listed:\n" + run.stdout)
            if "recall, hit (case's rule): 1/1 (100%)" not in run.stdout:
                problems.append("totals wrong:\n" + run.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for p in problems:
        print(p)
    print("devset: %d cases checked, %d problems" % (len(cases), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
