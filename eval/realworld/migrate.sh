#!/usr/bin/env bash
# Runs `pernet migrate` on real libraries the way a user would, unattended, and checks the result.
#
#   eval/realworld/migrate.sh [name ...]        (names from tests.tsv; default all)
#
# For each library and each style (explicit, ambient): a fresh clone at the commit pinned in libraries.tsv
# (from $REALWORLD_SOURCE, as run.sh) with the same build setup as the scan (setup.sh), the runtime packed into a local feed, `pernet migrate <project>
# --style <style> --runtime-feed <feed>` timed, the library's own test command (tests.tsv) on the result
# and on the untouched clone, and diffcheck.py on the diff. No hand edit anywhere. A test command `-` in tests.tsv:
# the library has no test suite that runs here (it is migrated, built and scored; "suite": false).
# If eval/realworld/<name>/isolation exists (an xunit project written against the library's old public API:
# state changed inside one NetContext's Enter() must not show in another's), it is copied next to the
# clone and run against the migrated project with the same feed; null counts when there is none.
# Writes eval/realworld/<name>/migrate-<style>.json (and, the first time, first-migrate-<style>.json, kept as it was). Checkouts go to $REALWORLD_DIR (default ../realworld).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${REALWORLD_DIR:-$(dirname "$repo")/realworld}"

dotnet build "$repo/src/PerNet.Cli" -c Release -v q -nologo >/dev/null || { echo "error: the pernet CLI does not build" >&2; exit 2; }
cli="$repo/artifacts/bin/PerNet.Cli/release/PerNet.Cli.dll"
feed="$dir/pernet-feed"
rm -rf "$feed" && dotnet pack "$repo/src/PerNet.Runtime" -c Release -o "$feed" -v q -nologo >/dev/null || { echo "error: the runtime does not pack" >&2; exit 2; }
# The feed's PerNet.Runtime has the CLI's version: drop an older build of it from the NuGet cache, so restores take this one.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/pernet.runtime"

counts() { grep -oE "Passed: +[0-9]+|Failed: +[0-9]+" | awk '{s[$1]+=$2} END {printf "%d %d", s["Passed:"], s["Failed:"]}'; }

tail -n +2 "$here/tests.tsv" | while IFS=$'\t' read -r name project tests env; do
  if [ $# -gt 0 ] && [[ ! " $* " =~ " $name " ]]; then continue; fi
  suite=true
  if [ "$tests" = "-" ]; then tests=true; suite=false; fi # no test suite that runs here: built and scored, no tests run
  IFS=$'\t' read -r _ gh commit _ setup _ < <(grep -P "^$name\t" "$here/libraries.tsv")
  tests_project=$(echo "$tests" | grep -oE '[^ ]+\.csproj' | head -1)
  base="$dir/$name-baseline"
  if [ ! -d "$base/.git" ]; then "$here/checkout.sh" "$gh" "$commit" "$base" "$project ${tests_project:-}" || continue; fi
  "$here/setup.sh" "$base" "$setup" || continue
  read -r base_pass base_fail < <(cd "$base" && env $env $tests 2>&1 | counts)
  for style in explicit ambient; do
    work="$dir/$name-$style"
    rm -rf "$work" && "$here/checkout.sh" "$gh" "$commit" "$work" "$project ${tests_project:-}" || continue
    "$here/setup.sh" "$work" "$setup" || continue # the same build setup as the scan's
    log="$work/.pernet-migrate.log"
    start=$(date +%s.%N)
    # The library's projects and its test project in one solution, as a user migrates them: the tests are callers.
    # A library of several projects (a glob in tests.tsv) is migrated and built as one solution of them.
    library="$project"
    projects=$(cd "$work" && echo $project)
    if [ "$projects" != "$project" ] || [ "${project#* }" != "$project" ]; then
      (cd "$work" && dotnet new sln -n pernet-library --format sln -o . >/dev/null 2>&1 && dotnet sln pernet-library.sln add $projects >/dev/null 2>&1) && library=pernet-library.sln
    fi
    target="$library"
    if [ -n "${tests_project:-}" ]; then
      (cd "$work" && dotnet new sln -n pernet-migrate --format sln -o . >/dev/null 2>&1 && dotnet sln pernet-migrate.sln add $projects "$tests_project" >/dev/null 2>&1) && target=pernet-migrate.sln
    fi
    (cd "$work" && dotnet "$cli" migrate "$target" --style "$style" --runtime-feed "$feed" > "$log" 2>&1); code=$?
    if [ "$code" -eq 3 ] && [ "$target" != "$library" ]; then
      # The test project does not compile here (exit 3 names its errors): it cannot be the callers' check; the library alone.
      echo "--- the solution with the test project does not compile here; the library alone:" >> "$log"
      (cd "$work" && dotnet "$cli" migrate "$library" --style "$style" --runtime-feed "$feed" --no-restore >> "$log" 2>&1); code=$?
    fi
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    # Built for every framework the library targets, as its users build it.
    (cd "$work" && dotnet build "$library" -nodeReuse:false -v q > "$work/.pernet-build.log" 2>&1 < /dev/null) && builds=true || builds=false
    (cd "$work" && env $env $tests > "$work/.pernet-tests.log" 2>&1 < /dev/null)
    read -r pass fail < <(counts < "$work/.pernet-tests.log")
    [ $((pass + fail)) -gt 0 ] || [ "$suite" = false ] || echo "warning: $name $style: its own tests did not run, see $work/.pernet-tests.log" >&2
    check=$(cd "$work" && python3 "$here/diffcheck.py" . "$log" | tail -1)
    refused=$(grep -cE "^\S.*: (not migrated|rolled back|left out)" "$log")
    moved=$(grep -c "^  moved:" "$log")
    labels=$(python3 "$here/moved.py" "$here/$name/labels.tsv" "$log")
    iso_pass=null iso_fail=null
    if [ -d "$here/$name/isolation" ]; then
      iso="$dir/$name-$style.isolation"
      rm -rf "$iso" && cp -r "$here/$name/isolation" "$iso"
      (cd "$iso" && env $env DOTNET_ROLL_FORWARD=Major dotnet test Isolation.csproj -p:LibraryProject="$work/${project%% *}" -p:PerNetFeed="$feed" > "$iso/isolation.log" 2>&1 < /dev/null)
      read -r iso_pass iso_fail < <(counts < "$iso/isolation.log")
      [ $((iso_pass + iso_fail)) -gt 0 ] || echo "warning: $name $style: the isolation test did not run, see $iso/isolation.log" >&2
    fi
    printf '{"style": "%s", "exit": %d, "seconds": %.1f, "builds": %s, "suite": %s, "moved": %d, "refused_types": %d, "tests_passed": %d, "tests_failed": %d, "baseline_passed": %d, "baseline_failed": %d, "isolation_passed": %s, "isolation_failed": %s, "labels": %s, "diff": %s}\n' \
      "$style" "$code" "$seconds" "$builds" "$suite" "$moved" "$refused" "$pass" "$fail" "$base_pass" "$base_fail" "$iso_pass" "$iso_fail" "$labels" "$check" > "$here/$name/migrate-$style.json"
    # A library's first migration, before any change made for it, is kept as it was: the figure that predicts unseen code.
    # (Only for libraries added with a first run kept, first-run.json: the others were migrated before this was kept.)
    [ -f "$here/$name/first-migrate-$style.json" ] || [ ! -f "$here/$name/first-run.json" ] || cp "$here/$name/migrate-$style.json" "$here/$name/first-migrate-$style.json"
    cat "$here/$name/migrate-$style.json"
    grep "not migrated" "$log" | sed "s|$work/||" >&2
  done
done
