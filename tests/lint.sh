#!/usr/bin/env bash
# ansible-lint, production profile, and what passed said plainly. It runs on a copy of the checkout
# whose galaxy.yml has a placeholder repository (as tests/galaxy_importer.sh builds) and that has no
# .ansible-lint: the production profile itself must pass, nothing in a warn list. The checkout differs
# from that copy by the repository line only, so on the checkout every rule passes except
# galaxy[no-repository], the one warning .ansible-lint allows (no public repository address yet;
# see README). One run instead of two: this phase runs beside ansible-test sanity.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1
PLACEHOLDER="https://placeholder.invalid/signet.ovh-repository-not-published-yet"

# ansible-lint installs the collection it lints under ANSIBLE_HOME: keep that copy out of ~/.ansible.
lint() {
    ANSIBLE_HOME="$ROOT/.tmp/ansible-home" ANSIBLE_NOCOLOR=1 NO_COLOR=1 env -u ANSIBLE_COLLECTIONS_PATH \
        ansible-lint --nocolor --profile production "$@" 2>&1 | grep -v "^WARNING: Location 'file:"
}

work="$(mktemp -d "$TMPDIR/signet-ovh-lint.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/ansible_collections/signet/ovh"
copy_checkout "$tree"
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
echo "copy with a placeholder repository, no warn list: ${summary}"
echo "the checkout: the same, except galaxy[no-repository] (no public repository address yet)"
