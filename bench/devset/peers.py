#!/usr/bin/env python3
"""Scores peer tools (clang-tidy, cppcheck) on the development set, as score.py scores perfaudit.

Each tool runs on the case's file in the trees before and after the fix, at the tree root and
with no compile database (clang-tidy gets -I for the root, the file's directory, include/ and
src/). hit = any diagnostic of the tool inside the function's line range before the fix
(ranges come from funcrange.py's brace matcher); quiet = none after it. The "perf" column
counts only the tool's performance diagnostics (clang-tidy performance-* checks, cppcheck's
performance severity), which is the closer analogue of a perfaudit finding.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

import devset_cases as dc
import funcrange

TIMEOUT = 300
CPP_EXT = (".cc", ".cpp", ".cxx", ".hpp", ".hh", ".C")
TIDY_CHECKS = "-*,performance-*"
TIDY_LINE = re.compile(r"^(.+?):(\d+):(\d+): (warning|error|note): (.*?)(?: \[([\w.,-]+)\])?$")
CPPCHECK_TEMPLATE = "{file}\t{line}\t{severity}\t{id}\t{message}"


def find_clang_tidy():
    for name in ("clang-tidy-19", "clang-tidy"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_tool(cmd, root):
    try:
        return subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=TIMEOUT,
                              errors="replace")
    except subprocess.TimeoutExpired:
        raise RuntimeError("%s timed out after %d s" % (os.path.basename(cmd[0]), TIMEOUT))


def clang_tidy(exe, root, path):
    """[(line, check, is_perf)] clang-tidy reports in path (parse errors left out)."""
    cpp = path.endswith(CPP_EXT)
    incs = []
    for d in (".", os.path.dirname(path) or ".", "include", "src", "lib", "lib/common"):
        if os.path.isdir(os.path.join(root, d)) and "-I" + d not in incs:
            incs.append("-I" + d)
    flags = (["-xc++", "-std=c++17"] if cpp else ["-xc", "-std=gnu11"]) + incs
    run = run_tool([exe, "--checks=" + TIDY_CHECKS, "--quiet", path, "--"] + flags, root)
    if run.returncode < 0:
        raise RuntimeError("clang-tidy died of signal %d" % -run.returncode)
    out = []
    for line in run.stdout.splitlines():
        m = TIDY_LINE.match(line)
        if not m or m.group(4) != "warning":
            continue
        check = m.group(6) or ""
        if check.startswith("clang-diagnostic"):
            continue
        if os.path.normpath(m.group(1)) not in (os.path.normpath(path),
                                                os.path.normpath(os.path.join(root, path))):
            continue
        out.append((int(m.group(2)), check, check.startswith("performance-")))
    return out


def cppcheck(exe, root, path):
    """[(line, id, is_perf)] cppcheck reports in path."""
    lang = "c++" if path.endswith(CPP_EXT) else "c"
    run = run_tool([exe, "--enable=performance,style", "--quiet", "--max-configs=1",
                    "--language=" + lang, "--template=" + CPPCHECK_TEMPLATE, path], root)
    if run.returncode < 0:
        raise RuntimeError("cppcheck died of signal %d" % -run.returncode)
    out = []
    for line in run.stderr.splitlines():
        parts = line.split("\t")
        if len(parts) < 5 or not parts[1].isdigit():
            continue
        if os.path.normpath(parts[0]) != os.path.normpath(path):
            continue
        if parts[2] in ("information", "debug"):
            continue
        out.append((int(parts[1]), parts[3], parts[2] == "performance"))
    return out


TOOLS = {"clang-tidy": clang_tidy, "cppcheck": cppcheck}


def in_function(case, root, diags):
    """(diagnostics inside the case's function, function present) for one tree."""
    full = os.path.join(root, case["file"])
    if not os.path.isfile(full):
        return [], False
    with open(full, errors="replace") as f:
        spans = funcrange.ranges(f.read(), case["function"])
    inside = [d for d in diags if any(a <= d[0] <= b for a, b in spans)]
    return inside, bool(spans)


def score_case(case, tool, exe, args):
    r = {"id": case["id"], "repo": case["repo"], "rule": case["rule"], "scope": case["scope"],
         "function": case["function"], "file": case["file"]}
    try:
        before_dir, after_dir = dc.trees(case, args.mirrors, args.cache)
        dc.check_before(case, before_dir)
        got = {}
        for side, root in (("before", before_dir), ("after", after_dir)):
            diags = []
            if os.path.isfile(os.path.join(root, case["file"])):
                diags = TOOLS[tool](exe, root, case["file"])
            got[side] = in_function(case, root, diags)
    except LookupError:
        r["status"] = "no mirror"
        return r
    except (RuntimeError, OSError) as e:
        r["status"] = "error: %s" % e
        return r
    before, before_found = got["before"]
    after, after_found = got["after"]
    r["status"] = "ok"
    r["before_found"] = before_found
    r["before_diags"] = sorted({d[1] for d in before})
    r["after_diags"] = sorted({d[1] for d in after})
    # "hit" for a peer is any diagnostic in the function; "hit_perf" counts its
    # performance diagnostics only.
    r["hit"] = bool(before)
    r["hit_perf"] = any(d[2] for d in before)
    r["quiet"] = not after
    r["after"] = "gone" if not after_found else ("quiet" if r["quiet"] else "noisy")
    return r


def print_results(tool, results):
    w = max([len(r["id"]) for r in results] + [4])
    print("== %s" % tool)
    print("%-*s  %-24s %-5s  %-9s %-6s %-9s %s" % (w, "case", "rule", "scope", "before", "perf",
                                                   "after", "diagnostics before"))
    for r in results:
        if r["status"] != "ok":
            print("%-*s  %-24s %-5s  %s" % (w, r["id"], r["rule"], r["scope"], r["status"]))
            continue
        before = "hit" if r["hit"] else ("miss" if r["before_found"] else "miss*")
        print("%-*s  %-24s %-5s  %-9s %-6s %-9s %s" % (
            w, r["id"], r["rule"], r["scope"], before, "yes" if r["hit_perf"] else "no",
            r["after"], ",".join(r["before_diags"])))
    if any(r["status"] == "ok" and not r["before_found"] for r in results):
        print("(miss* = the function's definition was not found in the before version)")
    t = dc.totals(results, second="hit_perf")
    dc.print_totals(t, tool, hit_word="any diagnostic in the function", second="hit_perf",
                    second_word="performance diagnostics only")
    failed = [r for r in results if r["status"] not in ("ok", "no mirror")]
    for r in failed:
        print("  not scored: %s: %s" % (r["id"], r["status"]))
    print()
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", action="append", choices=sorted(TOOLS),
                    help="run only this tool (repeatable; default both)")
    ap.add_argument("--clang-tidy", dest="clang_tidy", default=find_clang_tidy())
    ap.add_argument("--cppcheck", default=shutil.which("cppcheck"))
    ap.add_argument("--mirrors", default=dc.DEFAULT_MIRRORS)
    ap.add_argument("--cache", default=dc.DEFAULT_CACHE)
    ap.add_argument("--cases", default=dc.CASES_DIR, help="directory of <owner>+<name>.json")
    ap.add_argument("--only", action="append", help="score only this case id (repeatable)")
    ap.add_argument("--repo", action="append", help="score only this owner/name (repeatable)")
    ap.add_argument("-j", type=int, default=2, help="cases run in parallel (default 2)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args()
    if args.j < 1:
        sys.exit("peers.py: -j takes a whole number >= 1")
    exes = {"clang-tidy": args.clang_tidy, "cppcheck": args.cppcheck}
    tools = args.tool or sorted(TOOLS)
    for tool in tools:
        if not exes[tool]:
            sys.exit("peers.py: %s not found (install it or pass --%s)" % (tool, tool))

    cases = dc.load_cases(args.cases, args.only, args.repo)
    if not cases:
        sys.exit("peers.py: no case matches")
    out = {"tools": {}}
    missing = set()
    for tool in tools:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
            results = list(pool.map(lambda c: score_case(c, tool, exes[tool], args), cases))
        t = print_results(tool, results)
        missing |= {r["repo"] for r in results if r["status"] == "no mirror"}
        out["tools"][tool] = {"exe": exes[tool], "cases": results, "totals": t}
    dc.report_missing(missing)
    if args.json:
        out["missing_mirrors"] = sorted(missing)
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
