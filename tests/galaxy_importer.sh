#!/usr/bin/env bash
# What Galaxy and Automation Hub run on an upload: galaxy-importer (pinned below, in its own
# virtualenv under .tmp/galaxy-importer/) on the built tarball, with flake8, ansible-lint, ansible-doc
# of every plugin, the changelog check and ansible-test sanity. ansible-test runs locally in
# virtualenvs (this machine has no container engine): galaxy-importer's local runner calls
# `ansible-test sanity --docker`, and the ansible-test it finds first on PATH is a wrapper that runs
# `--venv --python 3.11` instead.
# The one field only a person can give, the public repository address, is missing (see README): the
# tarball is built with tests/build.sh and a placeholder that says what it is, for this check only.
# Fails on any error galaxy-importer reports, sanity errors included.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

IMPORTER_VERSION=0.4.44
base="$ROOT/.tmp/galaxy-importer"
venv="$base/venv"
stamp="$venv/.signet-galaxy-importer-$IMPORTER_VERSION"
if [ ! -f "$stamp" ]; then
    rm -rf "$venv"
    python3.11 -m venv "$venv" 2>/dev/null || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "galaxy-importer==$IMPORTER_VERSION" "ansible-core>=2.19,<2.20" \
        2>&1 | grep -v "^WARNING: Location 'file:" || true
    "$venv/bin/python" -c 'import galaxy_importer' && touch "$stamp"
fi

local_pip_bootstrap "$venv/bin/python"

rm -rf "${base:?}/dist" "${base:?}/work" "${base:?}/bin"
mkdir -p "$base/dist" "$base/work" "$base/bin" "$base/ansible-tmp"
PLACEHOLDER="https://placeholder.invalid/signet.ovh-repository-not-published-yet"
bash "$ROOT/tests/build.sh" "$base/dist" --repository "$PLACEHOLDER" >/dev/null
tarball="$(ls "$base/dist"/signet-ovh-*.tar.gz)"

cat > "$base/galaxy-importer.cfg" <<CFG
[galaxy-importer]
RUN_ANSIBLE_DOC = True
RUN_ANSIBLE_LINT = True
RUN_FLAKE8 = True
CHECK_CHANGELOG = True
RUN_ANSIBLE_TEST = True
ANSIBLE_TEST_LOCAL_IMAGE = False
TMP_ROOT_DIR = $base/work
ANSIBLE_LOCAL_TMP = $base/ansible-tmp
CFG

# ansible-test sanity --docker -> --venv, on the unpacked collection. That folder is inside this
# checkout, whose git ignores .tmp/: give it a repository of its own, as ansible-test lists files
# through git when it finds a repository (ansible-test's own tests/output excluded, as .gitignore
# does in a checkout; the tarball has no .gitignore).
cat > "$base/bin/ansible-test" <<WRAPPER
#!/usr/bin/env bash
args=()
for arg in "\$@"; do
    if [ "\$arg" = --docker ]; then args+=(--venv --python 3.11); else args+=("\$arg"); fi
done
[ -d .git ] || { git init -q . && echo tests/output/ > .git/info/exclude && git add -A; }
exec "$venv/bin/ansible-test" "\${args[@]}"
WRAPPER
chmod +x "$base/bin/ansible-test"

echo "galaxy-importer $IMPORTER_VERSION on $(basename "$tarball") (repository: the placeholder $PLACEHOLDER)"
status=0
(
    cd "$base/work" || exit 1
    PATH="$base/bin:$venv/bin:$PATH" GALAXY_IMPORTER_CONFIG="$base/galaxy-importer.cfg" \
        "$venv/bin/python" -m galaxy_importer.main "$tarball"
) > "$base/importer.log" 2>&1 || status=$?
grep -v "^WARNING: Location 'file:" "$base/importer.log" > "$base/importer.out" || true
# Its errors: a failed import, ERROR lines (ansible-test's included), an ansible-test failure.
problems="$(grep -E "^(ERROR|FATAL)|ERROR:|Traceback|An exception occurred|ImporterError|Invalid collection" "$base/importer.out" || true)"
if [ "$status" -ne 0 ] || [ -n "$problems" ]; then
    cat "$base/importer.out"
    echo "galaxy-importer reported problems (exit status $status):" >&2
    printf '%s\n' "$problems" >&2
    exit 1
fi
grep -E "^Importing with|^Getting doc strings|ansible-lint|^Using ansible" "$base/importer.out" || true
echo "flake8: $(grep -c "via flake8" "$base/importer.out") plugins and module_utils files, no error"
echo "ansible-test sanity: $(grep -c "^Running sanity test" "$base/importer.out") tests run (--venv), no error"
echo "galaxy-importer: passed (the repository field aside)"
