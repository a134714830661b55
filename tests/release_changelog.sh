#!/usr/bin/env bash
# Prepares the changelog of the release in galaxy.yml (0.1.0): changelogs/changelog.yaml and
# CHANGELOG.rst from the release summary below and every fragment in changelogs/fragments/ not already
# part of an earlier release, with the modules and plugins whose version_added is this version listed
# by antsibull-changelog itself. Fragments are kept (changelogs/config.yaml keep_fragments: true), and
# this version's entry is rebuilt from scratch on every run: run it again after adding or editing a
# fragment. The date is today's (or RELEASE_DATE=YYYY-MM-DD).
# Usage: bash tests/release_changelog.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT" || exit 1

version="$(sed -n 's/^version: *//p' galaxy.yml)"
date="${RELEASE_DATE:-$(date -u +%Y-%m-%d)}"

# The release summary: antsibull-changelog takes it from a fragment of its own.
cat > "changelogs/fragments/$version.yml" <<'YAML'
---
release_summary: |-
  First release of signet.ovh: Ansible modules, a lookup and an inventory for the OVHcloud API, sharing one
  client that signs the exact bytes it sends, waits out rate limits, never repeats a call that may have been
  carried out, and reports OVH's error class, message and QueryID. It comes with a local OVH API emulator, so
  that playbooks can be tried and tested in CI without an OVHcloud account. Tested on ansible-core 2.16 to 2.19.
  The guides (getting started, customer accounts, DNS records and zones, inventory, servers, migrating from other
  OVH tools, the emulator, reliability and security) are part of the collection's documentation.
YAML

antsibull-changelog lint
# Drop this version's entry if a previous run wrote it: its fragments are all still here.
python - "$version" <<'PY'
import sys, yaml
path = "changelogs/changelog.yaml"
with open(path, encoding="utf-8") as handle:
    changes = yaml.safe_load(handle)
if sys.argv[1] in (changes.get("releases") or {}):
    del changes["releases"][sys.argv[1]]
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(changes, handle, default_flow_style=False, sort_keys=True)
PY
antsibull-changelog release --version "$version" --date "$date" --reload-plugins
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
echo "changelog of $version written: changelogs/changelog.yaml, CHANGELOG.rst"
