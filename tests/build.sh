#!/usr/bin/env bash
# Builds the collection tarball, as a release does: bash tests/build.sh OUTDIR [--repository URL]
# The public repository address (galaxy.yml's `repository`, which Galaxy and Automation Hub require)
# does not exist yet, so galaxy.yml leaves it out rather than naming a placeholder; a release build
# gives it here, and it is written into a copy of the collection only, never into galaxy.yml.
# tests/galaxy_importer.sh builds with a placeholder marked as such to check everything else.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
out="${1:?usage: bash tests/build.sh OUTDIR [--repository URL]}"
repository=""
if [ "${2:-}" = "--repository" ]; then
    repository="${3:?--repository needs the public repository URL}"
    [[ "$repository" =~ ^https://[^[:space:]]+$ ]] || { echo "--repository must be an https:// URL, got: $repository" >&2; exit 1; }
elif [ -n "${2:-}" ]; then
    echo "unknown argument: $2 (usage: bash tests/build.sh OUTDIR [--repository URL])" >&2
    exit 1
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"

work="$(mktemp -d "$TMPDIR/signet-ovh-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/ovh"
copy_checkout "$tree"
if [ -n "$repository" ]; then
    python - "$tree/galaxy.yml" "$repository" <<'PY'
import sys
import yaml
path, repository = sys.argv[1:]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
assert "repository" not in yaml.safe_load(text), "galaxy.yml already names a repository"
with open(path, "w", encoding="utf-8") as handle:
    handle.write(text.rstrip("\n") + "\nrepository: %s\n" % repository)
PY
    echo "repository: $repository (in the build's copy of galaxy.yml)"
else
    echo "no --repository: Galaxy and Automation Hub refuse this tarball ('repository' is required)"
fi
ansible-galaxy collection build --force --output-path "$out" "$tree" | sed "s|$work/||"
