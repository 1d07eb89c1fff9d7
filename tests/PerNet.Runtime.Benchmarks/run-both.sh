#!/usr/bin/env bash
# The runtime's benchmarks on .NET 10 and on .NET 8, one after the other in one command, each benchmark with its own
# job and the same toolchain: BenchmarkDotNet's in-process one (`--in-process`, tests/Shared/BenchmarkMain.cs), since
# the net8.0 build is self-contained (only the .NET 10 shared runtime is installed here) and cannot start
# BenchmarkDotNet's usual child processes on a .NET 8 it does not find.
#
#   tests/PerNet.Runtime.Benchmarks/run-both.sh
#
# Writes each framework's GitHub-flavoured tables to artifacts/benchmarks/runtime-<tfm>/results/ and prints them.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release tests/PerNet.Runtime.Benchmarks >/dev/null
status=0
for tfm in net10.0 net8.0; do
  out="artifacts/benchmarks/runtime-$tfm"
  rm -rf "$out"
  if [ "$tfm" = net10.0 ]; then
    program=(dotnet artifacts/bin/PerNet.Runtime.Benchmarks/release_net10.0/PerNet.Runtime.Benchmarks.dll)
  else
    program=(artifacts/bin/PerNet.Runtime.Benchmarks/release_net8.0_"$(dotnet --info | awk '/RID:/ {print $2; exit}')"/PerNet.Runtime.Benchmarks)
  fi
  echo "== $tfm: ${program[*]}" >&2
  "${program[@]}" --in-process --artifacts "$out" || status=$?
done
for tfm in net10.0 net8.0; do
  echo "## $tfm"
  cat artifacts/benchmarks/runtime-"$tfm"/results/*-github.md 2>/dev/null || echo "(no results)"
done
exit $status
