#!/usr/bin/env bash
# Shows that a change to the migration engine leaves its output unchanged: the migrated tree of every
# library of eval/realworld and of the bundled sample, in both styles, byte for byte.
#
#   eval/same-migration.sh <rev> [name ...]      (names: sample and those of eval/realworld/libraries.tsv)
#
# Builds the pernet CLI at <rev> (a git worktree) and in the working tree, runs `pernet migrate` with each on
# fresh copies of the same inputs, and compares the results: the whole diff of each migrated copy against
# its input (`git diff --binary`, new files included) and the migration's report (places and timings left
# out). Prints one line per library and style; exits 0 when all are identical, 1 when one differs (its diff
# is kept under the output folder and named), 2 on bad input.
# Inputs: the checkouts eval/realworld/run.sh --prepare makes in $REALWORLD_DIR (default ../realworld; a
# library without one is skipped and said so), and samples/LegacyStack with its tests. Outputs go to
# $SAME_MIGRATION_DIR (default ../same-migration); the outputs for <rev> are kept and reused.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
dir="${REALWORLD_DIR:-$(dirname "$repo")/realworld}"
out="${SAME_MIGRATION_DIR:-$(dirname "$repo")/same-migration}"
[ $# -ge 1 ] && [ "$1" != "-h" ] && [ "$1" != "--help" ] || { sed -n '2,14p' "$0"; exit 2; }
rev="$(git -C "$repo" rev-parse --verify -q "$1^{commit}")" || { echo "error: '$1' is not a commit of $repo" >&2; exit 2; }
shift
names=("$@")
wanted() { [ ${#names[@]} -eq 0 ] || [[ " ${names[*]} " =~ " $1 " ]]; }
mkdir -p "$out"

feed="$out/feed"
if [ ! -f "$feed/.packed" ]; then
  rm -rf "$feed" && dotnet pack "$repo/src/PerNet.Runtime" -c Release -o "$feed" -v q -nologo >/dev/null && touch "$feed/.packed" ||
    { echo "error: the runtime does not pack" >&2; exit 2; }
fi

build_cli() { # source-folder -> path of the CLI dll
  dotnet build "$1/src/PerNet.Cli" -c Release -v q -nologo >/dev/null 2>"$out/build.log" || { echo "error: the CLI in $1 does not build (see $out/build.log)" >&2; return 1; }
  echo "$1/artifacts/bin/PerNet.Cli/release/PerNet.Cli.dll"
}

# The sample as a user has it: the library and its tests in one solution, in a repository of its own.
sample_input() { # folder
  mkdir -p "$1" && git -C "$repo" archive HEAD Directory.Build.props Directory.Packages.props analyzers samples/LegacyStack samples/LegacyStack.Tests | tar -x -C "$1"
  (cd "$1" && dotnet new sln -n sample -o . >/dev/null 2>&1 && dotnet sln sample.slnx add samples/LegacyStack/LegacyStack.csproj samples/LegacyStack.Tests/LegacyStack.Tests.csproj >/dev/null 2>&1 ||
    dotnet sln sample.sln add samples/LegacyStack/LegacyStack.csproj samples/LegacyStack.Tests/LegacyStack.Tests.csproj >/dev/null)
  printf 'artifacts/\nbin/\nobj/\n' > "$1/.gitignore"
  git -C "$1" init -q && git -C "$1" add -A && git -C "$1" -c user.name=pernet -c user.email=pernet@localhost commit -qm input
}

run_all() { # cli label
  local cli="$1" label="$2" name input target work style
  mkdir -p "$out/$label"
  for name in sample $(tail -n +2 "$here/realworld/libraries.tsv" | cut -f1); do
    wanted "$name" || continue
    if [ "$name" = sample ]; then
      input="$out/sample-input"; [ -d "$input/.git" ] || sample_input "$input"; target=$(ls "$input"/sample.sln* | head -1)
    else
      input="$dir/$name"; target="$input/pernet-eval.sln"
      [ -f "$target" ] || { echo "$name: skipped — no prepared checkout at $input (eval/realworld/run.sh --prepare $name)" >&2; continue; }
    fi
    for style in explicit ambient; do
      [ -f "$out/$label/$name-$style.patch" ] && [ "$label" != worktree ] && continue
      work="$out/work-$name-$style"
      rm -rf "$work" && cp -a "$input" "$work"
      git -C "$work" add -A >/dev/null 2>&1; git -C "$work" -c user.name=pernet -c user.email=pernet@localhost commit -qm setup --allow-empty >/dev/null
      (cd "$work" && dotnet "$cli" migrate "${target#$input/}" --style "$style" --runtime-feed "$feed" > "$work/.log" 2>&1)
      echo "exit $?" >> "$work/.log"
      sed -e "s|$work/||g; s|$work||g; s|$feed|FEED|g" -e 's/ in [0-9.]* s$//; s/, [0-9.]* s$//; s/ [0-9.]* s)$/)/; s/ (in [0-9.]* m\?s\(ec\)\?)//' "$work/.log" > "$out/$label/$name-$style.log"
      rm "$work/.log"
      git -C "$work" add -A && git -C "$work" diff --cached --binary > "$out/$label/$name-$style.patch"
      rm -rf "$work"
      echo "$label $name $style: $(grep -c '^+' "$out/$label/$name-$style.patch") line(s) added" >&2
    done
  done
}

base="$out/$rev"
if [ ! -f "$base/.complete" ] || [ ${#names[@]} -gt 0 ]; then
  tree="$out/tree-$rev"
  [ -d "$tree" ] || git -C "$repo" worktree add -q --detach "$tree" "$rev" || exit 2
  cli=$(build_cli "$tree") || exit 2
  run_all "$cli" "$rev"
  [ ${#names[@]} -gt 0 ] || touch "$base/.complete"
fi
cli=$(build_cli "$repo") || exit 2
rm -rf "$out/worktree"
run_all "$cli" worktree

status=0
for f in "$out/worktree"/*; do
  b="$base/$(basename "$f")"
  if cmp -s "$f" "$b"; then echo "identical: $(basename "$f")"; else echo "DIFFERS:   $(basename "$f") (diff $b $f)"; status=1; fi
done
exit $status
