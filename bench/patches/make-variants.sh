#!/usr/bin/env bash
# Builds bench/tmp/variants/base/src (a copy of src/) and p1..pN/src (base with the first N
# patches of this folder applied, in order), then prints the bench command that runs them
# side by side with the floor and the consul package. The patches were made against src/
# as of 2026-11-24 20:23 (working tree); if one no longer applies, `patch` says which hunk.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/tmp/variants
rm -rf "$out" && mkdir -p "$out/base" && cp -r src "$out/base/src"
prev=base
n=0
args="--variant base=$out/base/src"
contenders="floor,consul,ours@base"
for patch in bench/patches/0*.patch; do
  n=$((n + 1))
  cp -r "$out/$prev" "$out/p$n"
  (cd "$out/p$n" && patch -p1 -s --no-backup-if-mismatch < "../../../../$patch")
  args="$args --variant p$n=$out/p$n/src"
  contenders="$contenders,ours@p$n"
  prev="p$n"
done
echo "node -r ts-node/register/transpile-only bench/run.ts --only latency,throughput,fanout,idle --contenders $contenders $args --no-docs --out bench/results/patched.json"
