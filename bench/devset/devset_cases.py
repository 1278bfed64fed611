"""Cases of the development set and the trees they refer to.

Owns: loading bench/devset/cases/*.json, filtering them, locating a project's mirror and
extracting the tree before (commit^) and after (commit) a fix into a cache directory, the
per-case table and the totals both score.py and peers.py print.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
DEFAULT_MIRRORS = "/work/.mirror"
DEFAULT_CACHE = "/tmp/perfaudit-devset"
CASE_KEYS = ("id", "commit", "file", "function", "rule", "scope", "note")


def load_cases(cases_dir=CASES_DIR, only=None, repo=None):
    """Every case of every project file, each with its project's "repo" added."""
    cases = []
    for name in sorted(os.listdir(cases_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(cases_dir, name)) as f:
            project = json.load(f)
        for case in project["cases"]:
            missing = [k for k in CASE_KEYS if k not in case]
            if missing:
                sys.exit("%s: case %s lacks %s" % (name, case.get("id", "?"), ", ".join(missing)))
            if case["scope"] not in ("intra", "inter"):
                sys.exit("%s: case %s: scope must be intra or inter" % (name, case["id"]))
            c = dict(case)
            c["repo"] = project["repo"]
            c.setdefault("context", [])
            cases.append(c)
    ids = [c["id"] for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        sys.exit("duplicate case ids: " + ", ".join(dupes))
    if only:
        cases = [c for c in cases if c["id"] in only]
    if repo:
        cases = [c for c in cases if c["repo"] in repo]
    return cases


def mirror_git_dir(mirrors, repo):
    """The git directory of repo's mirror, or None when it has not been fetched."""
    base = os.path.join(mirrors, repo.replace("/", "+"), "repo")
    for d in (os.path.join(base, ".git"), base):
        if os.path.isfile(os.path.join(d, "HEAD")):
            return d
    return None


def _git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir] + list(args), capture_output=True,
                          text=True)


def resolve(git_dir, rev):
    r = _git(git_dir, "rev-parse", "--verify", "-q", rev + "^{commit}")
    return r.stdout.strip() if r.returncode == 0 else None


# What the analysis can read: sources and headers (and the small files they include). Data
# files are left out: snapshots lack files of 4 MiB and more, which makes `git archive` fail.
SOURCE_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++",
                   ".inc", ".inl", ".ipp", ".tcc", ".def", ".x", ".in")


def extract(git_dir, sha, cache, repo):
    """The source files of the tree at sha under cache, extracted once (atomically, so parallel
    and interrupted runs never see half a tree). Returns its path."""
    dest = os.path.join(cache, repo.replace("/", "+"), sha)
    if os.path.isdir(dest):
        return dest
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".x-", dir=os.path.dirname(dest))
    try:
        listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", sha],
                                 capture_output=True)
        if listing.returncode != 0:
            raise RuntimeError("git ls-tree %s: %s" % (sha[:12], listing.stderr.decode().strip()))
        blobs = []
        for entry in listing.stdout.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            mode, kind, obj = meta.split()
            name = path.decode(errors="replace")
            if kind == b"blob" and mode != b"120000" and name.lower().endswith(SOURCE_SUFFIXES):
                blobs.append((obj.decode(), name))
        batch = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                               input=b"".join(o.encode() + b"\n" for o, _ in blobs),
                               capture_output=True)
        out, pos = batch.stdout, 0
        for obj, name in blobs:
            eol = out.index(b"\n", pos)
            header = out[pos:eol].split()
            pos = eol + 1
            if len(header) < 3 or header[1] == b"missing":
                continue  # a blob the snapshot left out
            size = int(header[2])
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(out[pos:pos + size])
            pos += size + 1
        try:
            os.rename(tmp, dest)
        except OSError:
            if not os.path.isdir(dest):
                raise
    finally:
        if os.path.isdir(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
    return dest


def trees(case, mirrors, cache):
    """(before_dir, after_dir) for a case; raises LookupError when the mirror is missing and
    RuntimeError when the commit cannot be found or extracted."""
    git_dir = mirror_git_dir(mirrors, case["repo"])
    if git_dir is None:
        raise LookupError(case["repo"])
    after = resolve(git_dir, case["commit"])
    if after is None:
        raise RuntimeError("commit %s not in the mirror" % case["commit"][:12])
    before = resolve(git_dir, after + "^1")
    if before is None:
        raise RuntimeError("commit %s has no parent" % after[:12])
    return (extract(git_dir, before, cache, case["repo"]),
            extract(git_dir, after, cache, case["repo"]))


def check_before(case, before_dir):
    """Raises RuntimeError when the case names a file the tree before the fix lacks (a
    case error, not a miss)."""
    for f in [case["file"]] + case["context"]:
        if not os.path.isfile(os.path.join(before_dir, f)):
            raise RuntimeError("%s is not in the tree before the fix" % f)


def last_component(name):
    return (name or "").split("::")[-1]


def ratio(num, den):
    return "%d/%d (%.0f%%)" % (num, den, 100.0 * num / den) if den else "0/0"


def totals(results, second="hit_any"):
    """Recall overall, by scope and by rule, and the quiet rate, over the scored cases;
    second names the per-case flag counted beside "hit" (perfaudit: any rule in the
    function; peers: performance diagnostics only)."""
    scored = [r for r in results if r["status"] == "ok"]
    out = {"cases": len(results), "scored": len(scored),
           "errors": len(results) - len(scored)}

    def block(rs):
        return {"n": len(rs), "hit": sum(r["hit"] for r in rs),
                second: sum(r[second] for r in rs)}

    out["overall"] = block(scored)
    out["scope"] = {s: block([r for r in scored if r["scope"] == s]) for s in ("intra", "inter")}
    out["rule"] = {rule: block([r for r in scored if r["rule"] == rule])
                   for rule in sorted({r["rule"] for r in scored})}
    out["quiet"] = sum(r["quiet"] for r in scored)
    out["gone"] = sum(r["after"] == "gone" for r in scored)
    # Quiet only means something where the before version was hit.
    hits = [r for r in scored if r["hit"]]
    out["quiet_of_hits"] = {"n": len(hits), "quiet": sum(r["quiet"] for r in hits)}
    return out


def print_table(results, tool):
    """One line per case: before (hit/miss), after (quiet/noisy/gone), and what the tool
    reported in the function before the fix ("!" marks a file that did not parse cleanly)."""
    w = max([len(r["id"]) for r in results] + [4])
    print("%-*s  %-22s %-5s  %-6s %-6s %s" % (w, "case", "rule", "scope", "before", "after",
                                             "found in the function before"))
    for r in results:
        if r["status"] != "ok":
            print("%-*s  %-22s %-5s  %s" % (w, r["id"], r["rule"], r["scope"], r["status"]))
            continue
        before = "hit" if r["hit"] else ("miss" if r["before_found"] else "miss*")
        found = ",".join(r["before_rules"]) or "-"
        if not r.get("before_clean", True):
            found += " !"
        print("%-*s  %-22s %-5s  %-6s %-6s %s" % (w, r["id"], r["rule"], r["scope"], before,
                                                 r["after"], found))
    if any(r["status"] == "ok" and not r["before_found"] for r in results):
        print("(miss* = the function was not found in the before version)")
    if any(r["status"] == "ok" and not r.get("before_clean", True) for r in results):
        print("(! = the file had parse errors before the fix, usually headers missing "
              "without a compile database)")


def print_totals(t, tool, hit_word="hit (case's rule)", second="hit_any",
                 second_word="any finding in the function"):
    print()
    print("%s: %d cases, %d scored, %d not scored" % (tool, t["cases"], t["scored"],
                                                      t["errors"]))
    o = t["overall"]
    short = second_word.split()[0]
    print("recall, %s: %s   %s: %s" % (hit_word, ratio(o["hit"], o["n"]), second_word,
                                       ratio(o[second], o["n"])))
    for s, b in t["scope"].items():
        print("  %-5s %s   %s: %s" % (s, ratio(b["hit"], b["n"]), short, ratio(b[second], b["n"])))
    print("per rule:")
    for rule, b in t["rule"].items():
        print("  %-24s %s   %s: %s" % (rule, ratio(b["hit"], b["n"]), short,
                                       ratio(b[second], b["n"])))
    print("quiet after the fix: %s (%d of them because the function is gone); "
          "quiet among the hits: %s" % (ratio(t["quiet"], t["scored"]), t["gone"],
                                        ratio(t["quiet_of_hits"]["quiet"],
                                              t["quiet_of_hits"]["n"])))


def report_missing(missing):
    if not missing:
        return
    print()
    print("mirrors missing (cases not scored); bring them with:")
    for repo in sorted(missing):
        print("  fetch github:%s" % repo)
