#!/usr/bin/env bash
# A fresh checkout of a library at its pinned commit, for run.sh, migrate.sh and migrate-test.sh.
#
#   eval/realworld/checkout.sh <owner/name> <commit> <dir> [projects]
#
# Cloned from $REALWORLD_SOURCE (default https://github.com; a folder such as /work/.mirror holding
# <owner>+<name>/repo also works). The commit's whole tree; or, where the source lacks some large blobs (a mirror
# without the samples' media or the CI's binaries), the files at the root and the top-level folders that hold the
# projects (the projects column of libraries.tsv and tests.tsv's test project, space-separated).
set -uo pipefail
gh="$1" commit="$2" target="$3" projects="${4:-}"
source="${REALWORLD_SOURCE:-https://github.com}"
if [ -d "$source/${gh/\//+}/repo" ]; then url="$source/${gh/\//+}/repo"; else url="$source/$gh.git"; fi
mkdir -p "$(dirname "$target")" && git clone -q --no-checkout "$url" "$target" || exit 1
git -C "$target" checkout -q "$commit" 2>/dev/null && exit 0
[ -n "$projects" ] || { echo "checkout.sh: $commit cannot be checked out whole, and no projects were named" >&2; exit 1; }
tops=$(for p in $projects; do echo "${p%%/*}"; done | sort -u)
roots=$(git -C "$target" ls-tree "$commit" | awk '$2 == "blob" {print $4}')
echo "note: the whole tree of $commit cannot be checked out; checking out $(echo $tops) and the root files" >&2
git -C "$target" checkout -q "$commit" -- $tops $roots
