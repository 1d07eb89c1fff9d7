#!/usr/bin/env bash
# Public API before and after `pernet migrate`, as Microsoft.DotNet.ApiCompat.Tool sees it.
#
#   eval/realworld/apicompat.sh [name ...]        (names from tests.tsv; default all; run migrate.sh first)
#
# For each library: the untouched clone and the explicit and ambient clones migrate.sh left in
# $REALWORLD_DIR, plus a fresh explicit run with `pernet.keep_api = false` (appended to the clone's
# .editorconfig, as a user would set it). Each is built for one target framework (net8.0 when the
# library has it, else its first) and compared with the untouched build: `apicompat -l before -r after`.
# Every difference it reports is a break for code compiled against the old assembly. The C# lines of
# the library project's folder give the changed signatures per 100k lines.
# Writes eval/realworld/<name>/apicompat.json. Needs the tool: APICOMPAT=<path to apicompat>, or
# `dotnet tool install Microsoft.DotNet.ApiCompat.Tool --tool-path <dir>` (it is on NuGet).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${REALWORLD_DIR:-$(dirname "$repo")/realworld}"
source="${REALWORLD_SOURCE:-https://github.com}"
apicompat="${APICOMPAT:-apicompat}"
command -v "$apicompat" >/dev/null || { echo "error: no apicompat: set APICOMPAT or install Microsoft.DotNet.ApiCompat.Tool" >&2; exit 2; }
clone_url() { if [ -d "$source/${1/\//+}/repo" ]; then echo "$source/${1/\//+}/repo"; else echo "$source/$1.git"; fi; }
cli="$repo/artifacts/bin/PerNet.Cli/release/PerNet.Cli.dll"
feed="$dir/pernet-feed"
[ -f "$cli" ] && [ -d "$feed" ] || { echo "error: run eval/realworld/migrate.sh first (it builds the CLI and packs the runtime)" >&2; exit 2; }

tail -n +2 "$here/tests.tsv" | while IFS=$'\t' read -r name project tests env; do
  if [ $# -gt 0 ] && [[ ! " $* " =~ " $name " ]]; then continue; fi
  IFS=$'\t' read -r _ gh commit _ < <(grep -P "^$name\t" "$here/libraries.tsv")
  base="$dir/$name-baseline"
  [ -d "$base" ] || { echo "skip $name: no $base (run migrate.sh $name)" >&2; continue; }
  nokeep="$dir/$name-nokeep"
  rm -rf "$nokeep" && git clone -q "$(clone_url "$gh")" "$nokeep" && git -C "$nokeep" checkout -q "$commit"
  printf '\n[*.cs]\npernet.keep_api = false\n' >> "$nokeep/.editorconfig"
  (cd "$nokeep" && dotnet "$cli" migrate "$project" --style explicit --runtime-feed "$feed" > "$nokeep/.pernet-migrate.log" 2>&1)
  tfms=$(cd "$base" && dotnet msbuild "$project" -getProperty:TargetFrameworks 2>/dev/null; cd "$base" && dotnet msbuild "$project" -getProperty:TargetFramework 2>/dev/null)
  tfm=$(echo "$tfms" | tr ';' '\n' | grep -x net8.0 || echo "$tfms" | tr ';' '\n' | grep . | head -1)
  assembly=$(cd "$base" && dotnet msbuild "$project" -getProperty:AssemblyName 2>/dev/null)
  lines=$(find "$base/$(dirname "$project")" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' -print0 | xargs -0 cat | wc -l)
  out="$dir/$name.apicompat"
  rm -rf "$out"
  results=""
  for variant in baseline explicit ambient nokeep; do
    (cd "$dir/$name-$variant" && env $env dotnet build "$project" -c Release -f "$tfm" -o "$out/$variant" -v q -nologo > "$out.$variant.log" 2>&1) ||
      { echo "warning: $name-$variant does not build for $tfm, see $out.$variant.log" >&2; results="$results, \"$variant\": null"; continue; }
    [ "$variant" = baseline ] && continue
    "$apicompat" -l "$out/baseline/$assembly.dll" -r "$out/$variant/$assembly.dll" > "$out/$variant.txt" 2>&1
    breaks=$(grep -cE "^(error )?CP[0-9]{4}|error CP" "$out/$variant.txt")
    results="$results, \"$variant\": $breaks"
  done
  printf '{"framework": "%s", "lines": %d%s}\n' "$tfm" "$lines" "$results" > "$here/$name/apicompat.json"
  cat "$here/$name/apicompat.json"
done
