#!/usr/bin/env bash
# Build setup of one checkout, never code: the per-library settings named in libraries.tsv's setup column.
#
#   eval/realworld/setup.sh <checkout> <setup>      (setup: comma-separated steps, or -)
#
# Used by run.sh (the scan) and migrate.sh (the migration and the library's own tests), so both build the same way.
set -uo pipefail
checkout="$1"
setup="${2:--}"
props=""
items=""
for step in ${setup//,/ }; do
  case "$step" in
    netstandard2.0-only) props+="<TargetFrameworks>netstandard2.0</TargetFrameworks>" ;; # reference assemblies for net45/net46 are not on every NuGet mirror
    net8.0-only) props+="<TargetFrameworks>net8.0</TargetFrameworks>" ;;                  # targeting packs of end-of-life frameworks (net6.0/net7.0) are not either
    langversion-13) props+="<LangVersion>13</LangVersion>" ;;                              # C# 14 binds x.Reverse() on an array to the span overload (void)
    nu1603-not-error) props+="<WarningsNotAsErrors>\$(WarningsNotAsErrors);NU1603</WarningsNotAsErrors>" ;; # the mirror has a newer patch of a package the pinned one depends on
    no-altcover) items+="<PackageReference Remove=\"AltCover\" />" ;;                 # a coverage tool the test project references; not on the mirror
    sdk-any) printf '{ "sdk": { "version": "8.0.100", "rollForward": "latestMajor" } }\n' > "$checkout/global.json" ;; # global.json pins an older SDK band
    -) ;;
    *) echo "setup.sh: unknown step '$step'" >&2; exit 2 ;;
  esac
done
[ -n "$props$items" ] || exit 0
body=""
[ -z "$props" ] || body+="  <PropertyGroup>$props</PropertyGroup>\n"
[ -z "$items" ] || body+="  <ItemGroup>$items</ItemGroup>\n"
# MSBuild imports the nearest Directory.Build.targets only: ours goes into every one the library tracks (before its end,
# once: restored from git first, so a rerun does not repeat it), and into a new one at the root when it has none there.
tracked=$(git -C "$checkout" ls-files -- 'Directory.Build.targets' '*/Directory.Build.targets' 2>/dev/null)
for file in $tracked; do
  git -C "$checkout" checkout -q -- "$file"
  python3 - "$checkout/$file" "$body" <<'PY'
import sys
path, body = sys.argv[1], sys.argv[2].replace("\\n", "\n")
text = open(path, encoding="utf-8-sig").read()
at = text.rindex("</Project>")
open(path, "w", encoding="utf-8").write(text[:at] + body + text[at:])
PY
done
if ! printf '%s\n' $tracked | grep -qx 'Directory.Build.targets'; then
  printf "<Project>\n$body</Project>\n" > "$checkout/Directory.Build.targets"
fi
