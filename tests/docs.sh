#!/usr/bin/env bash
# The plugin reference in docs/reference/, generated from the plugins' own documentation with
# antsibull-docs. `bash tests/docs.sh` rewrites it; `bash tests/docs.sh --check` (run by
# tests/run.sh) fails when the committed reference differs from the code.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

out="$(mktemp -d "$TMPDIR/signet-ovh-docs.XXXXXX")"
work="$(mktemp -d "$TMPDIR/signet-ovh-docs-tree.XXXXXX")"
trap 'rm -rf "$out" "$work"' EXIT
# The plugins only: antsibull-docs would add the guides of docs/docsite/ to the output, and they
# are published from there (tests/docsite.sh builds the docsite with both). So it reads a tree of
# links to the checkout without docs/.
tree="$work/ansible_collections/signet/ovh"
mkdir -p "$tree"
for entry in "$ROOT"/* "$ROOT"/.[!.]*; do
    case "$(basename "$entry")" in docs|.git|.tmp|.venv) continue ;; esac
    ln -s "$entry" "$tree/"
done
# Only that tree: not the checkout that env.sh puts on PYTHONPATH, which holds docs/ too.
if ! env -u PYTHONPATH ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ANSIBLE_COLLECTIONS_PATH="$work" antsibull-docs collection --use-current --squash-hierarchy \
    --output-format simplified-rst --no-add-antsibull-docs-version --fail-on-error --dest-dir "$out" \
    signet.ovh > "$work/antsibull-docs.log" 2>&1; then
    cat "$work/antsibull-docs.log" >&2
    echo "antsibull-docs could not build the plugin reference (antsibull-docs lint-collection-docs --plugin-docs says why)" >&2
    exit 1
fi

if [ "${1:-}" = "--check" ]; then
    if ! diff -ru "$ROOT/docs/reference" "$out"; then
        echo "docs/reference/ is out of date with the plugins' documentation: run bash tests/docs.sh and commit it" >&2
        exit 1
    fi
    echo "docs/reference/ matches the plugins' documentation"
else
    rm -rf "$ROOT/docs/reference"
    cp -r "$out" "$ROOT/docs/reference"
    echo "wrote docs/reference/"
fi
