#!/usr/bin/env bash
# Runs `pernet verify` on the libraries of tests.tsv: their own test suites, unmodified, run alone and then side by
# side in one process, each run in its own NetContext, against the untouched library and against each migrated one.
#
#   eval/realworld/verify.sh [--contexts N] [name ...]       (names from tests.tsv; default all)
#
# Needs the checkouts eval/realworld/migrate.sh leaves in $REALWORLD_DIR: <name>-baseline, <name>-explicit,
# <name>-ambient (a missing one is skipped and said so). Writes eval/realworld/<name>/verify-<variant>.json and
# prints one line per library and variant.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${REALWORLD_DIR:-$(dirname "$repo")/realworld}"
contexts=2
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --contexts) contexts="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) names+=("$1"); shift ;;
  esac
done

dotnet build "$repo/src/PerNet.Cli" -c Release -v q -nologo >/dev/null || { echo "error: the pernet CLI does not build" >&2; exit 2; }
cli="$repo/artifacts/bin/PerNet.Cli/release/PerNet.Cli.dll"

tail -n +2 "$here/tests.tsv" | while IFS=$'\t' read -r name project tests env; do
  if [ ${#names[@]} -gt 0 ] && [[ ! " ${names[*]} " =~ " $name " ]]; then continue; fi
  test_project=$(echo "$tests" | awk '{print $3}')
  for variant in baseline explicit ambient; do
    work="$dir/$name-$variant"
    if [ ! -d "$work" ]; then echo "$name $variant: skipped — no checkout at $work (eval/realworld/migrate.sh $name)" >&2; continue; fi
    out="$here/$name/verify-$variant.json"
    (cd "$work" && env $env dotnet "$cli" verify "$test_project" --contexts "$contexts" --format json --output "$out" 2> "$work/.pernet-verify.log" < /dev/null)
    code=$?
    if [ $code -le 1 ] && [ -f "$out" ]; then
      python3 - "$out" "$name" "$variant" "$code" <<'EOF'
import json, sys
path, name, variant, code = sys.argv[1:]
r = json.load(open(path))
print(f"{name} {variant}: exit {code}, {r['isolated']} isolated, {len(r['isolationFailures'])} fail only side by side, "
      f"{len(r['portConflicts'])} compete for a fixed port, {len(r['failedAlone'])} fail alone ({r['contexts']} runs at once)")
EOF
    else
      echo "$name $variant: exit $code — $(tail -1 "$work/.pernet-verify.log")"
      printf '{"status": "failed", "exit": %d, "message": %s}\n' "$code" "$(tail -1 "$work/.pernet-verify.log" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read().strip()))')" > "$out"
    fi
  done
done
