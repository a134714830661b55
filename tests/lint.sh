#!/usr/bin/env bash
# ansible-lint, production profile, twice, and what passed said plainly:
# 1. on the checkout: every rule passes but galaxy[no-repository], the one warning .ansible-lint
#    allows (galaxy.yml has no public repository address yet; see README);
# 2. on a copy whose galaxy.yml has a placeholder repository (as tests/galaxy_importer.sh builds)
#    and without .ansible-lint: the production profile itself must pass, nothing in a warn list.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1
PLACEHOLDER="https://placeholder.invalid/signet.ovh-repository-not-published-yet"

# ansible-lint installs the collection it lints under ANSIBLE_HOME: keep that copy out of ~/.ansible.
lint() {
    ANSIBLE_HOME="$ROOT/.tmp/ansible-home" ANSIBLE_NOCOLOR=1 NO_COLOR=1 env -u ANSIBLE_COLLECTIONS_PATH \
        ansible-lint --nocolor --profile production "$@" 2>&1 | grep -v "^WARNING: Location 'file:"
}

out="$(lint -p || true)"
summary="$(grep -E "^(Passed|Failed):" <<<"$out" || true)"
violations="$(grep -E "^[^ ]+:[0-9]+(:[0-9]+)?: " <<<"$out" || true)"
others="$(grep -v "galaxy\[no-repository\]" <<<"$violations" || true)"
if [ -n "$others" ] || ! grep -q "^Passed:" <<<"$summary"; then
    printf '%s\n' "$out"
    echo "ansible-lint (production profile) fails on the checkout" >&2
    exit 1
fi
echo "checkout: ${summary}"
echo "checkout: every rule of the production profile passes except galaxy[no-repository] (no public repository address yet)"

work="$(mktemp -d "$TMPDIR/signet-ovh-lint.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/ansible_collections/signet/ovh"
mkdir -p "$tree"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    [ -f "$file" ] && printf '%s\0' "$file"
done | (cd "$ROOT" && xargs -0 cp --parents -t "$tree")
rm -f "$tree/.ansible-lint"
printf 'repository: %s\n' "$PLACEHOLDER" >> "$tree/galaxy.yml"
# ansible-lint lists files through git: a repository of the copy's own (the checkout's ignores .tmp/).
(cd "$tree" && git init -q . && git add -A)
out="$(cd "$tree" && lint -p || true)"
summary="$(grep -E "^(Passed|Failed):" <<<"$out" || true)"
if ! grep -q "^Passed: 0 failure(s), 0 warning(s)" <<<"$summary" || ! grep -q "'production'" <<<"$summary" \
        || grep -q "was required, but" <<<"$summary"; then
    printf '%s\n' "$out"
    echo "ansible-lint: the production profile does not pass on a copy with a repository address" >&2
    exit 1
fi
echo "copy with the placeholder repository, no warn list: ${summary}"
