#!/usr/bin/env bash
# Shows `pernet migrate --test` on a real library: a test that only passes with global state is added to the
# library's own suite (eval/realworld/<name>/global-state-test.patch, a test of ours, not the library's code), and the
# migration must leave out exactly the type whose move breaks it, naming the test, while the rest moves and the
# suite passes as on the untouched clone.
#
#   eval/realworld/migrate-test.sh [name]      (default packetnet; the test command and env from tests.tsv)
#
# Writes eval/realworld/<name>/migrate-test.json and migrate-test.log (the run's report, without the list of
# signatures). Checkouts go to $REALWORLD_DIR (default ../realworld), from $REALWORLD_SOURCE as run.sh.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${REALWORLD_DIR:-$(dirname "$repo")/realworld}"
name="${1:-packetnet}"
patch="$here/$name/global-state-test.patch"
[ -f "$patch" ] || { echo "error: no $patch" >&2; exit 2; }

dotnet build "$repo/src/PerNet.Cli" -c Release -v q -nologo >/dev/null || { echo "error: the pernet CLI does not build" >&2; exit 2; }
cli="$repo/artifacts/bin/PerNet.Cli/release/PerNet.Cli.dll"
feed="$dir/pernet-feed"
rm -rf "$feed" && dotnet pack "$repo/src/PerNet.Runtime" -c Release -o "$feed" -v q -nologo >/dev/null || { echo "error: the runtime does not pack" >&2; exit 2; }
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/pernet.runtime"

IFS=$'\t' read -r _ project tests env < <(grep -P "^$name\t" "$here/tests.tsv")
IFS=$'\t' read -r _ gh commit _ setup _ < <(grep -P "^$name\t" "$here/libraries.tsv")
work="$dir/$name-test"
rm -rf "$work" && "$here/checkout.sh" "$gh" "$commit" "$work" "$project $(echo "$tests" | grep -oE '[^ ]+\.csproj' | head -1)" || exit 2
"$here/setup.sh" "$work" "$setup" || exit 2
git -C "$work" apply "$patch" || { echo "error: $patch does not apply" >&2; exit 2; }
test_name=$(grep -oP '^\+\s+public void \K\w+' "$patch" | head -1)

counts() { grep -oE "Passed: +[0-9]+|Failed: +[0-9]+" | awk '{s[$1]+=$2} END {printf "%d %d", s["Passed:"], s["Failed:"]}'; }
read -r base_pass base_fail < <(cd "$work" && env $env $tests 2>&1 | counts)
log="$work/.pernet-migrate.log"
start=$(date +%s)
(cd "$work" && env $env dotnet "$cli" migrate "$project" --runtime-feed "$feed" --test "$tests" > "$log" 2>&1); code=$?
seconds=$(( $(date +%s) - start ))
read -r pass fail < <(cd "$work" && env $env $tests 2>&1 | counts)
left_out=$(grep -oP '^\S+(?=: left out: its migration turns)' "$log" | paste -sd, -)
named=$(grep -c "left out: its migration turns .*$test_name" "$log")
runs=$(grep -oP 'tests: \K\d+(?= run\(s\))' "$log")
grep -v "gained a parameter" "$log" | sed "s|$work/||g; s|$dir/||g" > "$here/$name/migrate-test.log"
printf '{"exit": %d, "seconds": %d, "test_added": "%s", "left_out": "%s", "left_out_names_the_test": %s, "test_runs": %s, "baseline_passed": %d, "baseline_failed": %d, "tests_passed": %d, "tests_failed": %d}\n' \
  "$code" "$seconds" "$test_name" "$left_out" "$([ "$named" -gt 0 ] && echo true || echo false)" "${runs:-0}" "$base_pass" "$base_fail" "$pass" "$fail" > "$here/$name/migrate-test.json"
cat "$here/$name/migrate-test.json"
