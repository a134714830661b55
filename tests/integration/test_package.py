"""What `ansible-galaxy collection build` puts in the tarball: the license, metadata a user can follow, and no
cache or build directory at any depth."""

import json
import os
import shutil
import subprocess
import sys
import tarfile

from ovh_playbooks import ROOT

BIN = os.path.dirname(sys.executable)

# Directories that tools create while one works in a checkout, each planted at the top, one level down and deep.
CACHES = (".pytest_cache", "__pycache__", ".mypy_cache", ".ruff_cache", ".cache", "demo.egg-info")
DEPTHS = ("", "tests", "tests/unit/plugins/module_utils", "plugins/modules")


def _checkout_copy(dest):
    """The files git would commit (tracked and untracked-not-ignored), copied as they are in the work tree."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = os.path.join(ROOT, rel)
        if os.path.isfile(source):  # a file deleted in the work tree but still in the index is not copied
            os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
            shutil.copy2(source, os.path.join(dest, rel))


def test_tarball_holds_the_license_and_no_cache_at_any_depth(ansible, tmp_path):
    tree = tmp_path / "ansible_collections" / "signet" / "ovh"
    _checkout_copy(str(tree))
    planted = []
    for depth in DEPTHS:
        for cache in CACHES:
            directory = tree / depth / cache
            directory.mkdir(parents=True, exist_ok=True)
            (directory / "junk.pyc").write_bytes(b"\0")
            planted.append(os.path.join(depth, cache).lstrip("/"))
    (tree / "plugins" / "module_utils" / "stray.pyc").write_bytes(b"\0")
    for top in ("build", "dist", "tests/output"):
        (tree / top).mkdir(parents=True, exist_ok=True)
        (tree / top / "leftover.txt").write_text("x")

    out = tmp_path / "dist-out"
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out), str(tree)],
                   check=True, capture_output=True, text=True, env=ansible.env)
    (tarball,) = list(out.glob("signet-ovh-*.tar.gz"))
    with tarfile.open(str(tarball)) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("MANIFEST.json"))
        copying = archive.extractfile("COPYING").read().decode()

    assert len(planted) == len(CACHES) * len(DEPTHS)
    for cache in CACHES:
        assert not [name for name in names if cache in name.split("/")], (cache, names)
    assert not [name for name in names if name.endswith(".pyc")], names
    for top in ("build", "dist", "tests/output"):
        assert not [name for name in names if name == top or name.startswith(top + "/")], top
    # What the tarball must hold, so the listing above is of a real build.
    for needed in ("COPYING", "README.md", "plugins/modules/ovh_dns_record.py", "plugins/module_utils/client.py",
                   "tests/emulator/http_server.py", "tests/unit/requirements.txt", "changelogs/changelog.yaml",
                   "docs/docsite/extra-docs.yml", "docs/docsite/links.yml"):
        assert needed in names, needed

    # The license: the GPL version 3 text, named by MANIFEST.json; metadata without placeholder addresses.
    assert "GNU GENERAL PUBLIC LICENSE" in copying and "Version 3, 29 June 2007" in copying
    assert "either version 3 of the License, or" in copying  # the "or any later version" notice of the text
    info = manifest["collection_info"]
    assert info["license_file"] == "COPYING"
    for field in ("repository", "documentation", "homepage", "issues"):
        assert info[field] in (None, ""), (field, info[field])
    assert "example.invalid" not in json.dumps(manifest)


def _requirement_names(path):
    """Package names of a pip requirements file, following -r includes."""
    names = set()
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= _requirement_names(os.path.join(os.path.dirname(path), line[2:].strip()))
        elif line:
            names.add(line.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].split("!")[0].strip().lower())
    return names


def test_demo_installs_only_ansible_core_and_requests():
    runtime = _requirement_names(os.path.join(ROOT, "requirements.txt"))
    demo = _requirement_names(os.path.join(ROOT, "tests", "requirements-demo.txt"))
    assert demo == {"ansible-core", "requests"} and "requests" in runtime
    # The test set includes the demo set and the runtime requirements; the demo script asks for the demo set only.
    assert demo | runtime < _requirement_names(os.path.join(ROOT, "tests", "requirements.txt"))
    demo_script = open(os.path.join(ROOT, "tests", "demo.sh"), encoding="utf-8").read()
    assert demo_script.index("export SIGNET_REQUIREMENTS=demo") < demo_script.index("/env.sh")


def test_ansible_test_installs_the_runtime_requirements():
    """ansible-test units and integration install these files only: they must hold what the modules import."""
    runtime = _requirement_names(os.path.join(ROOT, "requirements.txt"))
    for path in (("tests", "unit", "requirements.txt"), ("tests", "integration", "requirements.txt")):
        assert runtime <= _requirement_names(os.path.join(ROOT, *path)), path
