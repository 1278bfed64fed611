#!/usr/bin/env python3
"""Checks `perfaudit callgraph` (docs/callgraph.md) as a user runs it: a corpus program built with
cc -O2 -g is recorded, its call graph written as DOT, SVG and PNG. The DOT must show the planted
hotspot with the hottest fill and the biggest box, the SVG and PNG must be valid images of a
sensible size with something drawn, --node-fraction and --max-nodes must prune, and bad input
must exit 2 with one line naming the file."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from images import ImageError, check_png, check_svg  # noqa: E402

ROOT = os.environ.get("PERFAUDIT_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PERFAUDIT = os.environ.get("PERFAUDIT", "perfaudit")
PROGRAM = "corpus/csv_join.c"
NODE = re.compile(r'^\s*(N\d+) \[label="((?:[^"\\]|\\.)*)" fontsize=([0-9.]+) '
                  r'fillcolor="#([0-9a-f]{6})"', re.M)
EDGE = re.compile(r'^\s*(N\d+) -> (N\d+) \[', re.M)

problems = []


def check(ok, what):
    if not ok:
        problems.append(what)
    return ok


def run(args, env=None):
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run([PERFAUDIT] + args, capture_output=True, text=True, env=full)


def nodes_of(dot):
    """{function name: (fontsize, (r, g, b))} of the DOT's function nodes."""
    out = {}
    for _, label, size, fill in NODE.findall(dot):
        name = label.split("\\n", 1)[0]
        out[name] = (float(size), tuple(int(fill[i:i + 2], 16) for i in (0, 2, 4)))
    return out


def heat(rgb):
    """How far a fill is along white -> yellow -> red: green and blue fall as it heats."""
    return (255 - rgb[1]) + (255 - rgb[2]) / 2.0


def check_graphs(work, prof, hotspot):
    out = {ext: os.path.join(work, "graph." + ext) for ext in ("dot", "svg", "png")}
    for ext, path in out.items():
        r = run(["callgraph", prof, "-o", path])
        if not check(r.returncode == 0, "-o graph.%s: exit %d: %s" %
                     (ext, r.returncode, r.stderr.strip())):
            return
        check(r.stdout == "" and r.stderr == "", "-o graph.%s printed something" % ext)
    dot = open(out["dot"]).read()
    stdout = run(["callgraph", prof])
    check(stdout.returncode == 0 and stdout.stdout == dot, "without -o: not the same DOT text")
    check(not [f for f in os.listdir(work) if ".tmp." in f or ".in." in f or ".err." in f],
          "temporary files left: %s" % os.listdir(work))

    nodes = nodes_of(dot)
    edges = EDGE.findall(dot)
    print("DOT: %d nodes, %d edges" % (len(nodes), len(edges)))
    check(dot.startswith("digraph") and dot.rstrip().endswith("}"), "DOT is not a digraph")
    if not check(hotspot in nodes, "the hotspot %s is not in the graph (%s)" %
                 (hotspot, sorted(nodes))):
        return
    check("main" in nodes, "main is not in the graph")
    check(len(edges) >= len(nodes) - 1, "%d edges for %d nodes: not connected" %
          (len(edges), len(nodes)))
    hottest = max(heat(rgb) for _, rgb in nodes.values())
    check(heat(nodes[hotspot][1]) >= 0.9 * hottest,
          "the hotspot's fill %s is not among the hottest" % (nodes[hotspot][1],))
    check(nodes[hotspot][0] == max(size for size, _ in nodes.values()),
          "the hotspot's box is not the biggest (most self time)")
    check(nodes[hotspot][1][0] > 0xc0 and nodes[hotspot][1][1] < 0x80, "the hotspot is not red")
    check("perfaudit callgraph: " + prof in dot, "no title with the profile's path")

    try:
        svg = check_svg(out["svg"], 100, 20000)
        check(any(hotspot == t for t in svg["texts"]), "the SVG does not name " + hotspot)
        check(svg["shapes"] >= len(nodes) + len(edges), "the SVG draws %d shapes for %d nodes" %
              (svg["shapes"], len(nodes)))
    except ImageError as e:
        problems.append("graph.svg: %s" % e)
    try:
        png = check_png(out["png"], 200, 150, 20000, 20000)
        print("PNG: %dx%d, %.1f%% ink" % (png["width"], png["height"], 100 * png["ink"]))
        check(png["ink"] > 0.02, "the PNG is blank (%.3f%% ink)" % (100 * png["ink"]))
    except ImageError as e:
        problems.append("graph.png: %s" % e)

    # pruning options
    r = run(["callgraph", prof, "--node-fraction", "0.5"])
    few = nodes_of(r.stdout)
    check(r.returncode == 0 and hotspot in few and len(few) < len(nodes),
          "--node-fraction 0.5: %d nodes of %d, hotspot %s" %
          (len(few), len(nodes), hotspot in few))
    check(re.search(r"Dropped \d+ functions", r.stdout), "--node-fraction 0.5: no 'Dropped'")
    r = run(["callgraph", prof, "--max-nodes", "3", "--edge-fraction=0.2"])
    check(r.returncode == 0 and len(nodes_of(r.stdout)) == 3,
          "--max-nodes 3: %d nodes" % len(nodes_of(r.stdout)))
    r = run(["callgraph", prof, "--node-fraction", "0", "--edge-fraction", "0"])
    check(r.returncode == 0 and len(nodes_of(r.stdout)) > len(nodes),
          "--node-fraction 0 shows no more functions than the default")


def expect_usage_error(args, names, env=None, why=""):
    r = run(args, env)
    lines = r.stderr.strip().splitlines()
    label = " ".join(args[1:]) + (" " + why if why else "")
    check(r.returncode == 2, "%s: exit %d, not 2" % (label, r.returncode))
    check(len(lines) == 1, "%s: %d lines on stderr: %r" % (label, len(lines), r.stderr))
    if lines:
        check(lines[0].startswith("perfaudit: ") and names in lines[0],
              "%s: the message does not name %s: %r" % (label, names, lines[0]))
    return lines[0] if lines else ""


def check_errors(work, prof):
    missing = os.path.join(work, "missing.prof")
    expect_usage_error(["callgraph", missing], missing)
    garbage = os.path.join(work, "garbage.prof")
    with open(garbage, "wb") as f:
        f.write(b"\x00\x01 this is not a profile \xff\n" * 10)
    expect_usage_error(["callgraph", garbage, "-o", os.path.join(work, "g.svg")], garbage)
    pdf = os.path.join(work, "graph.pdf")
    expect_usage_error(["callgraph", prof, "-o", pdf], pdf)
    svg = os.path.join(work, "nodot.svg")
    line = expect_usage_error(["callgraph", prof, "-o", svg], svg,
                              {"PERFAUDIT_DOT": "/nonexistent"}, "(PERFAUDIT_DOT=/nonexistent)")
    check("install graphviz" in line, "PERFAUDIT_DOT=/nonexistent: no 'install graphviz'")
    check(not os.path.exists(svg), "PERFAUDIT_DOT=/nonexistent left " + svg)
    nodir = os.path.join(work, "no", "such", "dir", "g.png")
    expect_usage_error(["callgraph", prof, "-o", nodir], nodir)
    expect_usage_error(["callgraph", prof, "--node-fraction", "2"], "--node-fraction")
    expect_usage_error(["callgraph", prof, "--max-nodes", "0"], "--max-nodes")
    expect_usage_error(["callgraph"], "PROFILE")
    check(not [f for f in os.listdir(work) if ".tmp." in f or ".in." in f or ".err." in f],
          "temporary files left after failures: %s" % os.listdir(work))
    r = run(["callgraph", "--help"])
    check(r.returncode == 0 and "--node-fraction" in r.stdout, "callgraph --help")


def main():
    labels = json.load(open(os.path.join(ROOT, "corpus", "labels.json")))
    prog = [p for p in labels["programs"] if p["file"] == PROGRAM][0]
    work = tempfile.mkdtemp(prefix="perfaudit-callgraph.")
    try:
        exe = os.path.join(work, "csv_join")
        prof = os.path.join(work, "csv_join.prof")
        subprocess.run(["cc", "-std=gnu11", "-O2", "-g", "-o", exe, os.path.join(ROOT, PROGRAM),
                        "-lm"], check=True)
        rec = subprocess.run([PERFAUDIT, "record", "-o", prof, "--", exe] + prog["args"],
                             capture_output=True, text=True)
        if check(rec.returncode == 0, "record failed (%d): %s" % (rec.returncode, rec.stderr)):
            if shutil.which("dot") or os.environ.get("PERFAUDIT_DOT"):
                check_graphs(work, prof, prog["hotspot"])
            else:
                print("SKIP rendering: Graphviz's dot is not installed")
            check_errors(work, prof)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print("FAIL " + p)
    print("callgraph: %d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
