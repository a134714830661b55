#!/usr/bin/env bash
# The HTML docsite of the collection, as docs.ansible.com builds it: antsibull-docs collects the
# plugin documentation and the guides of docs/docsite/ (extra-docs.yml, links.yml, rst/), Sphinx
# renders them with every warning an error. Run by tests/run.sh.
# Usage: bash tests/docsite.sh [output directory, default .tmp/docsite]
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

site="${1:-$ROOT/.tmp/docsite}"
rm -rf "$site"
mkdir -p "$site"
chmod 700 "$site"  # antsibull-docs wants its destination writable by its owner only
antsibull-docs sphinx-init --use-current --fail-on-error --project signet.ovh --title signet.ovh \
    --dest-dir "$site" signet.ovh >/dev/null

# Labels and environment variables of docs.ansible.com that the generated plugin pages refer to. This
# machine cannot fetch docs.ansible.com's inventory, so it gets a local one naming them (the links
# still point there); a reference to anything missing from it, ours included, fails the build.
python - "$site/ansible_devel.inv" <<'PY'
import sys, zlib
labels = {
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
    "ansible_collections.ansible.builtin.to_json_filter": ("collections/ansible/builtin/to_json_filter.html",
                                                           "ansible.builtin.to_json filter"),
}
body = "".join("%s std:label -1 %s %s\n" % (name, uri, title) for name, (uri, title) in labels.items())
# ansible-core's configuration variables (documented on docs.ansible.com's configuration page), which
# the pages of plugins using core's doc fragments (inventory cache...) refer to.
import os, yaml, ansible.config
with open(os.path.join(os.path.dirname(ansible.config.__file__), "base.yml"), encoding="utf-8") as handle:
    settings = yaml.safe_load(handle)
envvars = sorted({env["name"] for setting in settings.values() for env in setting.get("env") or [] if "name" in env})
body += "".join("%s std:envvar -1 reference_appendices/config.html#envvar-$ -\n" % name for name in envvars)
with open(sys.argv[1], "wb") as inv:
    inv.write(b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
              b"# The remainder of this file is compressed using zlib.\n" + zlib.compress(body.encode()))
PY
cat >> "$site/conf.py" <<PY

# signet.ovh: offline build, docs.ansible.com's labels from the local inventory written by tests/docsite.sh.
intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$site/ansible_devel.inv')}
PY
# build.sh: antsibull-docs collection into rst/, then sphinx-build -W --keep-going.
if ! bash "$site/build.sh" > "$site/build.log" 2>&1; then
    grep -v "^WARNING: Location 'file:" "$site/build.log" | grep -E "WARNING|ERROR|Error|error" >&2 || cat "$site/build.log" >&2
    echo "the docsite build failed (log: $site/build.log)" >&2
    exit 1
fi
echo "docsite built without warnings: $site/build/html/index.html"
