#!/usr/bin/env bash
# Re-runs the precision audit (bench/precision/README.md): extracts each code base at the
# pinned commit from an already fetched mirror, makes a compile database where that is cheap
# and offline (CMake configure only), runs `perfaudit analyze` without a profile and prints
# the 25 findings the tool ranks first, so the verdicts can be re-checked on a later build.
# Nothing here fetches; a missing mirror is reported and that code base is skipped.
#
# usage: bench/precision/run.sh [PERFAUDIT] [WORKDIR]
#   PERFAUDIT  defaults to ./build/perfaudit; WORKDIR defaults to a fresh mktemp directory
#   MIRRORS    environment variable, defaults to /work/.mirror
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
pa=$(realpath "${1:-$here/build/perfaudit}")
work=${2:-$(mktemp -d /tmp/perfaudit-precision.XXXXXX)}
mirrors=${MIRRORS:-/work/.mirror}
top=25

[ -x "$pa" ] || { echo "run.sh: $pa is not an executable perfaudit" >&2; exit 2; }
mkdir -p "$work"

# name | mirror (owner+name) | commit | how: paths to analyse, and the compile-database recipe
codebases=(
  "jq|jqlang+jq|579e6f76cffd7643ba4002a2c3618a5ea710589a"
  "tmux|tmux+tmux|c1f947a3c5bc72a40c32dead736f84c4628791ec"
  "zstd|facebook+zstd|2dddf0905619b70c25faeca7f1a39601dc97616f"
)

extract() { # name mirror commit
  local git_dir="$mirrors/$2/repo"
  [ -d "$git_dir" ] || { echo "run.sh: no mirror $git_dir; skipping $1" >&2; return 1; }
  rm -rf "${work:?}/$1" && mkdir -p "$work/$1"
  git --git-dir="$git_dir" archive "$3" | tar -x -C "$work/$1"
}

analyze() { # name, then perfaudit arguments
  local name=$1
  shift
  (cd "$work" && "$pa" analyze "$@" --format json -o "$name.json" -j2 2>"$name.stderr")
  local rc=$?
  echo "== $name: perfaudit analyze $* (exit $rc; stderr in $work/$name.stderr)"
  [ "$rc" -le 1 ] || return 1
}

# Prints the first $top findings in recommendation order (each recommendation's findings in
# turn), then, if that is short of $top, the remaining findings in report order.
top_findings() {
  python3 - "$work/$1.json" "$top" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
limit = int(sys.argv[2])
by_id = {f["id"]: f for f in report["findings"]}
order, seen = [], set()
for rec in report["recommendations"]:
    for fid in rec.get("findings", []):
        if fid not in seen:
            seen.add(fid)
            order.append((rec["rank"], by_id[fid]))
for f in report["findings"]:
    if f["id"] not in seen:
        seen.add(f["id"])
        order.append((None, f))
print(f"   {len(report['findings'])} findings, {len(report['recommendations'])} recommendations, "
      f"{len(report.get('errors', []))} parse errors, {len(report['functions'])} functions")
print("   # | rec | rule | file:line | function | message")
for i, (rank, f) in enumerate(order[:limit], 1):
    print(f"  {i:2d} | {rank if rank is not None else '-'} | {f['rule']} | {f['file']}:{f['line']} | "
          f"{f['function']} | {f['message']}")
PY
}

for entry in "${codebases[@]}"; do
  IFS='|' read -r name mirror commit <<<"$entry"
  extract "$name" "$mirror" "$commit" || continue
  case $name in
    jq) # autotools (autoreconf) and the oniguruma submodule are not available offline:
        # analysed without a compile database, the library and CLI sources only.
        analyze jq jq/src || continue ;;
    tmux) # configure needs autoreconf and libevent headers, not available: no database.
        analyze tmux tmux || continue ;;
    zstd) # CMake configure only (no build) gives the database for lib/ and programs/.
        cmake -S "$work/zstd/build/cmake" -B "$work/zstd/_cdb" \
          -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/zstd.cmake.log" 2>&1 ||
          { echo "run.sh: zstd cmake configure failed (see $work/zstd.cmake.log)" >&2; continue; }
        analyze zstd zstd/lib zstd/programs -p zstd/_cdb || continue ;;
  esac
  top_findings "$name"
done
echo "reports: $work/*.json"
