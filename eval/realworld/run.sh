#!/usr/bin/env bash
# Scores `pernet scan` on real open-source libraries against the hand-written labels in eval/realworld/<name>/labels.tsv.
#
#   eval/realworld/run.sh [--prepare] [name ...]
#
# Checkouts live in $REALWORLD_DIR (default: ../realworld next to the repository), one folder per library,
# never inside the repository. --prepare clones a missing one at its pinned commit from $REALWORLD_SOURCE
# (default https://github.com; a folder such as /work/.mirror holding <owner>+<name>/repo also works).
# Build setup only (never the library's code): a solution file with the shipped projects, and the
# per-library settings named in libraries.tsv. Writes eval/realworld/<name>/result.json and docs/realworld.md.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${REALWORLD_DIR:-$(dirname "$repo")/realworld}"
prepare=0
names=()
for arg in "$@"; do
  case "$arg" in
    --prepare) prepare=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) names+=("$arg") ;;
  esac
done

echo "building the pernet CLI (Release) ..." >&2
dotnet build "$repo/src/PerNet.Cli" -c Release -v q -nologo >/dev/null || { echo "error: the pernet CLI does not build" >&2; exit 2; }
cli="$repo/artifacts/bin/PerNet.Cli/release/PerNet.Cli.dll"

tail -n +2 "$here/libraries.tsv" | while IFS=$'\t' read -r name gh commit projects setup scope; do
  if [ ${#names[@]} -gt 0 ] && [[ ! " ${names[*]} " =~ " $name " ]]; then continue; fi
  out="$here/$name/result.json"
  checkout="$dir/$name"
  if [ ! -d "$checkout/.git" ]; then
    if [ $prepare -eq 1 ]; then
      "$here/checkout.sh" "$gh" "$commit" "$checkout" "$projects" ||
        { echo "{\"status\": \"missing\", \"message\": \"clone of $gh failed\"}" > "$out"; continue; }
    else
      echo "$name: skipped — no checkout at $checkout; get it with: $0 --prepare $name (or git clone https://github.com/$gh $checkout && git -C $checkout checkout $commit)" >&2
      echo "{\"status\": \"missing\", \"message\": \"no checkout at $checkout\"}" > "$out"
      continue
    fi
  fi
  git -C "$checkout" checkout -q "$commit" 2>/dev/null
  "$here/setup.sh" "$checkout" "$setup" || continue # build setup, never code
  sln="$checkout/pernet-eval.sln"
  if [ ! -f "$sln" ]; then
    (cd "$checkout" && dotnet new sln -n pernet-eval --format sln -o . >/dev/null 2>&1 || dotnet new sln -n pernet-eval -o . >/dev/null) &&
      (cd "$checkout" && dotnet sln pernet-eval.sln add $projects >/dev/null)
  fi
  echo "$name: scanning $projects ..." >&2
  start=$(date +%s)
  if dotnet "$cli" scan "$sln" --format json --explain --output "$here/$name/scan.json" 2> "$here/$name/scan.log"; then
    seconds=$(( $(date +%s) - start ))
    python3 "$here/score.py" "$here/$name/labels.tsv" "$here/$name/scan.json" "$projects" "$gh" "$commit" "$seconds" "$scope" > "$out"
  else
    echo "{\"status\": \"failed\", \"message\": \"$(tail -1 "$here/$name/scan.log" | tr '\"' "'")\"}" > "$out"
    echo "$name: scan failed (see $here/$name/scan.log)" >&2
  fi
  rm -f "$here/$name/scan.json"
done
# The table is regenerated; what follows the marker (figures measured separately) is kept.
doc="$repo/docs/realworld.md"
kept="$(sed -n '/^<!-- kept by run.sh -->$/,$p' "$doc" 2>/dev/null)"
python3 "$here/score.py" --table "$here" > "$doc.new" && { [ -z "$kept" ] || printf '\n%s\n' "$kept" >> "$doc.new"; } && mv "$doc.new" "$doc"
cat "$repo/docs/realworld.md"
