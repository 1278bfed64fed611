#!/usr/bin/env python3
"""Checks `perfaudit analyze --format sarif` (docs/formats/sarif.md): the log validates against
the OASIS SARIF 2.1.0 schema, results point at registered rules, every rule links its doc page,
fingerprints are unique and survive lines shifting, and a file that does not parse becomes an
error notification with exit code 2."""
import copy
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ.get("PERFAUDIT_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PERFAUDIT = os.environ.get("PERFAUDIT", "perfaudit")
SCHEMAS = os.path.join(ROOT, "..", "shared", "schemas", "sarif*2.1.0*.json")
FINGERPRINT = "perfauditFindingHash/v1"
SHIFT = 3

problems = []


def check(ok, what):
    if not ok:
        problems.append(what)
    return ok


def analyze(args, cwd, fmt="sarif"):
    """Runs perfaudit analyze ARGS --format FMT in cwd; returns (exit code, document)."""
    run = subprocess.run([PERFAUDIT, "analyze"] + args + ["--format", fmt], cwd=cwd,
                         capture_output=True, text=True)
    try:
        doc = json.loads(run.stdout)
    except ValueError:
        doc = None
        problems.append("analyze %s (exit %d): output is not JSON: %s" %
                        (" ".join(args), run.returncode, run.stderr.strip()))
    return run.returncode, doc


def load_validator():
    """The SARIF schema's Draft 4 validator, or None (said why) when it cannot be had here."""
    try:
        import jsonschema
    except ImportError:
        print("SKIP schema validation: python3-jsonschema is not installed (scripts/deps.sh)")
        return None
    paths = sorted(glob.glob(SCHEMAS))
    if not paths:
        print("SKIP schema validation: no schema matches %s" % SCHEMAS)
        return None
    with open(paths[0]) as f:
        validator = jsonschema.Draft4Validator(json.load(f))
    # The validator must not be vacuous: a log without a version is invalid.
    if validator.is_valid({"runs": []}):
        problems.append("the schema %s accepts a log without a version" % paths[0])
    return validator


def validate(validator, doc, what):
    if validator is None or doc is None:
        return
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        problems.append("%s: schema: %s at /%s" %
                        (what, e.message, "/".join(str(p) for p in e.absolute_path)))


def results(doc):
    return doc["runs"][0].get("results", [])


def place(result):
    loc = result["locations"][0]["physicalLocation"]
    return loc["artifactLocation"]["uri"], loc.get("region", {}).get("startLine")


def check_rules(doc):
    """Returns the rules list after checking it against --list-rules and its own fields."""
    out = subprocess.run([PERFAUDIT, "analyze", "--list-rules"], capture_output=True, text=True,
                         check=True).stdout
    registry = dict(re.findall(r"^([a-z][a-z-]+)\s+\(?([ABCD])\)?", out, re.M))
    driver = doc["runs"][0]["tool"]["driver"]
    check(driver.get("name") == "perfaudit", "driver name %r" % driver.get("name"))
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    check(len(ids) == len(set(ids)), "rule ids repeat: %s" % ids)
    check(set(ids) == set(registry), "rules %s vs registry %s" % (sorted(ids), sorted(registry)))
    for r in rules:
        rid = r["id"]
        cat = registry.get(rid, "?")
        check(r.get("helpUri", "").endswith("/" + rid + ".md"), "%s: helpUri %r" %
              (rid, r.get("helpUri")))
        check(r.get("name") == "".join(w.capitalize() for w in rid.split("-")),
              "%s: name %r" % (rid, r.get("name")))
        for key in ("shortDescription", "fullDescription"):
            check(r.get(key, {}).get("text"), "%s: no %s" % (rid, key))
        check(r.get("help", {}).get("text") and r["help"].get("markdown"), "%s: no help" % rid)
        tags = r.get("properties", {}).get("tags", [])
        check("category-" + cat in tags and "performance" in tags, "%s: tags %s" % (rid, tags))
        level = r.get("defaultConfiguration", {}).get("level")
        check(level == ("warning" if cat in "AB" else "note"), "%s: level %r" % (rid, level))
    return rules


def check_results(doc, rules, report):
    """Every result names a rule by id and index, and the results are the JSON findings."""
    res = results(doc)
    check(res, "no results for the corpus")
    ids = [r["id"] for r in rules]
    prints = []
    for r in res:
        where = "%s:%s" % place(r)
        rid, index = r.get("ruleId"), r.get("ruleIndex")
        if check(rid in ids, "%s: ruleId %r is not a rule" % (where, rid)):
            check(index is not None and 0 <= index < len(rules) and rules[index]["id"] == rid,
                  "%s: ruleIndex %r does not point at %s" % (where, index, rid))
            check(r.get("level") == rules[ids.index(rid)]["defaultConfiguration"]["level"],
                  "%s: level %r" % (where, r.get("level")))
        art = r["locations"][0]["physicalLocation"]["artifactLocation"]
        check(art.get("uriBaseId") == "%SRCROOT%" and not art["uri"].startswith("/"),
              "%s: not relative to %%SRCROOT%%: %s" % (where, art))
        check(r["locations"][0].get("logicalLocations"), "%s: no function" % where)
        prints.append(r.get("partialFingerprints", {}).get(FINGERPRINT))
    check(None not in prints, "a result has no %s fingerprint" % FINGERPRINT)
    check(len(prints) == len(set(prints)), "fingerprints repeat: %d results, %d distinct" %
          (len(prints), len(set(prints))))
    check(any("rank" in r.get("properties", {}) for r in res), "no result carries a rank")
    check(all(r["properties"].get("model") and r["properties"].get("assumption") and
              r["properties"].get("evidence_source") == "static" for r in res),
          "a result lacks its estimate's model, assumption or evidence source")

    if report is None:
        return
    check(doc["runs"][0]["tool"]["driver"].get("version") == report["tool"]["version"],
          "driver version differs from the JSON report's tool version")
    want = sorted((f["file"], f["line"], f["column"], f["rule"]) for f in report["findings"])
    got = sorted(place(r) + (r["locations"][0]["physicalLocation"]["region"].get("startColumn"),
                             r["ruleId"]) for r in res)
    check(got == want, "results differ from the JSON report's findings")


def check_shift(corpus_run):
    """Fingerprints of a file and of its copy with SHIFT blank lines on top are the same."""
    counts = {}
    for r in results(corpus_run):
        counts[place(r)[0]] = counts.get(place(r)[0], 0) + 1
    name = max(sorted(counts), key=lambda k: counts[k])  # the file with most findings
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, os.path.dirname(name)), exist_ok=True)
        with open(os.path.join(ROOT, name)) as src, open(os.path.join(tmp, name), "w") as dst:
            dst.write("\n" * SHIFT + src.read())
        _, before = analyze([name], ROOT)
        _, after = analyze([name], tmp)
    if before is None or after is None:
        return
    lines = [{r["partialFingerprints"][FINGERPRINT]: place(r)[1] for r in results(d)}
             for d in (before, after)]
    check(lines[0], "%s: no results" % name)
    check(set(lines[0]) == set(lines[1]), "%s: fingerprints change when lines shift by %d" %
          (name, SHIFT))
    for fp, line in lines[0].items():
        if fp in lines[1]:
            check(lines[1][fp] == line + SHIFT, "%s: %s at line %d, shifted at %d" %
                  (name, fp, line, lines[1][fp]))


def check_parse_error(validator):
    """A file that does not parse is an error notification; the others still give results."""
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "src"))
        with open(os.path.join(tmp, "src", "broken.c"), "w") as f:
            f.write("int broken(int n)\n{\n    return n +;\n}\n")
        # The same line twice in one function: two findings, told apart by occurrence.
        with open(os.path.join(tmp, "src", "twice.c"), "w") as f:
            f.write("#include <string.h>\nint count(const char *s, char c)\n{\n    int n = 0;\n" +
                    "    for (size_t i = 0; i < strlen(s); i++) if (s[i] == c) n++;\n" * 2 +
                    "    return n;\n}\n")
        code, doc = analyze(["src"], tmp)
    check(code == 0, "a file that does not parse: exit %d, want 0 (CONTRACT.md)" % code)
    if doc is None:
        return
    validate(validator, doc, "parse error log")
    inv = doc["runs"][0].get("invocations", [{}])[0]
    check(inv.get("executionSuccessful") is True, "executionSuccessful is not true")
    notes = [n for n in inv.get("toolExecutionNotifications", []) if n.get("level") == "error"]
    uris = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes
            if n.get("locations")]
    check(uris == ["src/broken.c"], "error notifications name %s, want src/broken.c" % uris)
    twice = [r for r in results(doc) if place(r)[0] == "src/twice.c"]
    prints = {r["partialFingerprints"][FINGERPRINT] for r in twice}
    check(len(twice) == 2 and len(prints) == 2,
          "identical lines: %d results, %d fingerprints, want 2 and 2" % (len(twice), len(prints)))


def main():
    if not shutil.which(PERFAUDIT) and not os.path.exists(PERFAUDIT):
        print("perfaudit not found: %s" % PERFAUDIT)
        return 1
    validator = load_validator()
    code, doc = analyze(["corpus/"], ROOT)
    check(code in (0, 1), "analyze corpus/ exit %d" % code)
    if doc is not None:
        validate(validator, doc, "corpus log")
        if validator is not None and results(doc):
            broken = copy.deepcopy(doc)
            broken["runs"][0]["results"][0]["level"] = "severe"
            check(not validator.is_valid(broken), "the schema accepts a result level 'severe'")
        check(doc.get("version") == "2.1.0" and len(doc.get("runs", [])) == 1,
              "not one SARIF 2.1.0 run")
        _, report = analyze(["corpus/"], ROOT, fmt="json")
        rules = check_rules(doc)
        check_results(doc, rules, report)
        check_shift(doc)
    check_parse_error(validator)
    for p in problems:
        print("FAIL: " + p)
    print("%d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
