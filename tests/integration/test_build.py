"""The collection builds into a clean tarball that installs and runs from the install."""

import os
import subprocess
import sys
import tarfile

from ovh_playbooks import ROOT

BIN = os.path.dirname(sys.executable)


def test_build_install_and_run_the_demo(ansible, emulator, tmp_path):
    out = tmp_path / "dist"
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out), ROOT],
                   check=True, capture_output=True, text=True, env=ansible.env)
    tarball = out / "signet-ovh-0.1.0.tar.gz"
    with tarfile.open(str(tarball)) as archive:
        names = archive.getnames()
    assert "plugins/modules/ovh_dns_record.py" in names and "meta/runtime.yml" in names and "docs/reference/index.rst" in names
    for junk in (".venv", ".tmp", "tests/output", "__pycache__", ".pytest_cache", ".git/", ".ci/", "benchmarks/"):
        assert not [name for name in names if junk in name], junk

    install = tmp_path / "installed"
    # Only the clean path: the development checkout is on the usual collections path.
    clean = dict(ansible.env, ANSIBLE_COLLECTIONS_PATH=str(install))
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", str(tarball), "-p", str(install)],
                   check=True, capture_output=True, text=True, env=clean)
    assert (install / "ansible_collections" / "signet" / "ovh" / "MANIFEST.json").is_file()

    env = dict(clean, OVH_ENDPOINT=emulator.base_url)
    for key, value in ansible.module_credentials().items():
        if key != "endpoint":
            env["OVH_" + key.upper()] = value
    demo = os.path.join(ROOT, "tests", "demo", "demo.yml")
    run = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", "-vvv", demo],
                         capture_output=True, text=True, env=env, cwd=str(tmp_path), check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Using module file %s/ansible_collections/signet/ovh/plugins/modules/ovh_api_call.py" % install in run.stdout
    assert any(entry["method"] == "POST" for entry in emulator.log)
    # What an execution environment build (ansible-builder) finds for this collection.
    introspect = subprocess.run([os.path.join(BIN, "ansible-builder"), "introspect", str(install)], capture_output=True, text=True,
                                env=env, check=True).stdout
    assert "requests>=2.25  # from collection signet.ovh" in introspect
    definition = tmp_path / "execution-environment.yml"
    definition.write_text("---\nversion: 3\nimages:\n  base_image:\n    name: quay.io/ansible/awx-ee:latest\n"
                          "dependencies:\n  galaxy:\n    collections:\n      - name: %s\n        type: file\n" % tarball)
    created = subprocess.run([os.path.join(BIN, "ansible-builder"), "create", "-f", str(definition), "-c", str(tmp_path / "context")],
                             capture_output=True, text=True, env=env, check=False)
    assert created.returncode == 0, created.stdout + created.stderr
    context = tmp_path / "context"
    assert (context / "Containerfile").is_file() or (context / "Dockerfile").is_file()
    assert str(tarball) in (context / "_build" / "requirements.yml").read_text()
    listing = subprocess.run([os.path.join(BIN, "ansible-doc"), "-l", "signet.ovh"], capture_output=True, text=True,
                             env=env, check=True).stdout
    assert "signet.ovh.ovh_dns_record " in listing and "signet.ovh.ovh_api_call " in listing
