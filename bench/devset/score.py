#!/usr/bin/env python3
"""Scores perfaudit on the development set of real performance fixes (bench/devset/cases).

For each case the trees before (commit^) and after (commit) the fix are extracted from the
project's mirror, and `perfaudit analyze FILE CONTEXT... --format json` runs at the tree root
with no compile database. hit = a finding of the case's rule in the case's function before
the fix (any rule is counted apart); quiet = no finding of that rule in that function after
the fix (a function the fix removed is quiet, reported as "gone").
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

import devset_cases as dc

DEFAULT_PERFAUDIT = os.path.join(dc.HERE, "..", "..", "build", "perfaudit")
TIMEOUT = 600


def guessed_compdb(root, files, case_id):
    """A compile_commands.json beside the extracted tree (never inside it, one per case so
    parallel cases never share it) giving files -I for every directory of the tree that
    holds headers. A diagnostic for how much of a miss comes from headers perfaudit could
    not find; the scored configuration has no compile database."""
    incs = []
    for d, _, names in os.walk(root):
        if any(n.endswith((".h", ".hpp", ".hh")) for n in names):
            incs.append("-I" + os.path.relpath(d, root))
    incs.sort(key=lambda i: (i.count("/"), i))
    out_dir = os.path.join(root.rstrip("/") + ".compdb", case_id)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "compile_commands.json")
    with open(path, "w") as f:
        json.dump([{"directory": root, "file": x, "arguments": ["cc", "-c", x] + incs[:400]}
                   for x in files], f, indent=1)
    return path


def run_perfaudit(perfaudit, root, files, compdb=None):
    """perfaudit's JSON report for files under root; exit codes 0, 1 and 2 are all read
    (2 is what a file that parses badly may give), anything else or no JSON raises."""
    extra = ["-p", compdb] if compdb else []
    try:
        run = subprocess.run([perfaudit, "analyze"] + files + ["--format", "json"] + extra,
                             cwd=root,
                             capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError("perfaudit timed out after %d s" % TIMEOUT)
    if run.returncode not in (0, 1, 2):
        raise RuntimeError("perfaudit exited %d: %s" % (run.returncode,
                                                        run.stderr.strip()[-300:]))
    try:
        return json.loads(run.stdout)
    except ValueError:
        raise RuntimeError("perfaudit gave no JSON (exit %d): %s" % (
            run.returncode, run.stderr.strip()[-300:]))


def same_file(reported, wanted):
    return os.path.normpath(reported) == os.path.normpath(wanted)


def in_function(item, case, name_key):
    return (dc.last_component(item.get(name_key)) == dc.last_component(case["function"])
            and same_file(item.get("file", ""), case["file"]))


def analyze(case, perfaudit, root, guess_includes=False):
    """(report, rules found in the function, function present, the file parsed cleanly)
    for one tree."""
    if not os.path.isfile(os.path.join(root, case["file"])):
        return None, set(), False, True
    files = [case["file"]] + [f for f in case["context"]
                              if f != case["file"] and os.path.isfile(os.path.join(root, f))]
    compdb = guessed_compdb(root, files, case["id"]) if guess_includes else None
    report = run_perfaudit(perfaudit, root, files, compdb)
    rules = {f["rule"] for f in report.get("findings", []) if in_function(f, case, "function")}
    present = any(in_function(fn, case, "name") for fn in report.get("functions", []))
    clean = not any(same_file(e.get("file", ""), case["file"]) for e in report.get("errors", []))
    return report, rules, present or bool(rules), clean


def score_case(case, args):
    r = {"id": case["id"], "repo": case["repo"], "rule": case["rule"], "scope": case["scope"],
         "function": case["function"], "file": case["file"]}
    try:
        before_dir, after_dir = dc.trees(case, args.mirrors, args.cache)
        dc.check_before(case, before_dir)
        _, before_rules, before_present, before_clean = analyze(
            case, args.perfaudit, before_dir, args.guess_includes)
        _, after_rules, after_present, _ = analyze(case, args.perfaudit, after_dir,
                                                   args.guess_includes)
    except LookupError:
        r["status"] = "no mirror"
        return r
    except (RuntimeError, OSError) as e:
        r["status"] = "error: %s" % e
        return r
    r["status"] = "ok"
    r["before_found"] = before_present
    # Without a compile database most projects' generated or system headers are missing;
    # the table says so, since a miss may come from that rather than from the rule.
    r["before_clean"] = before_clean
    r["before_rules"] = sorted(before_rules)
    r["after_rules"] = sorted(after_rules)
    r["hit"] = case["rule"] in before_rules
    r["hit_any"] = bool(before_rules)
    r["quiet"] = case["rule"] not in after_rules
    if not after_present:
        r["after"] = "gone"
    else:
        r["after"] = "quiet" if r["quiet"] else "noisy"
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--perfaudit", default=os.path.normpath(DEFAULT_PERFAUDIT))
    ap.add_argument("--mirrors", default=dc.DEFAULT_MIRRORS)
    ap.add_argument("--cache", default=dc.DEFAULT_CACHE)
    ap.add_argument("--cases", default=dc.CASES_DIR, help="directory of <owner>+<name>.json")
    ap.add_argument("--only", action="append", help="score only this case id (repeatable)")
    ap.add_argument("--repo", action="append", help="score only this owner/name (repeatable)")
    ap.add_argument("-j", type=int, default=2, help="cases run in parallel (default 2)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--guess-includes", action="store_true",
                    help="diagnostic: pass perfaudit a compile database with -I for every "
                    "header directory of the tree (the scored numbers use none)")
    args = ap.parse_args()
    args.perfaudit = os.path.abspath(args.perfaudit)
    if not os.access(args.perfaudit, os.X_OK):
        sys.exit("score.py: no perfaudit at %s (build it, or pass --perfaudit)" % args.perfaudit)
    if args.j < 1:
        sys.exit("score.py: -j takes a whole number >= 1")

    cases = dc.load_cases(args.cases, args.only, args.repo)
    if not cases:
        sys.exit("score.py: no case matches")
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        results = list(pool.map(lambda c: score_case(c, args), cases))

    dc.print_table(results, "perfaudit")
    t = dc.totals(results)
    dc.print_totals(t, "perfaudit")
    missing = {r["repo"] for r in results if r["status"] == "no mirror"}
    dc.report_missing(missing)
    failed = [r for r in results if r["status"] not in ("ok", "no mirror")]
    if failed:
        print()
        print("cases not scored because of an error:")
        for r in failed:
            print("  %s: %s" % (r["id"], r["status"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"tool": "perfaudit", "perfaudit": args.perfaudit,
                       "guess_includes": args.guess_includes, "cases": results,
                       "totals": t, "missing_mirrors": sorted(missing)}, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
