#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_kube_kubeconfig
short_description: Write the kubeconfig of an OVHcloud Managed Kubernetes cluster to a file, or rotate it
version_added: 0.1.0
description:
  - Reads the administrator kubeconfig of the cluster named O(cluster) (C(POST …/kube/{kubeId}/kubeconfig), the API's
    only way to read it; it changes nothing on the cluster) and writes it to O(path), mode 0600, atomically and under
    the file's lock. The file is rewritten only when its bytes (or its mode) differ; C(changed) says whether it was.
  - The kubeconfig is a secret. It is never printed, returned or shown in a diff; the diff and the result show its
    SHA-256 checksum only.
  - O(reset=true) rotates it (C(POST …/kubeconfig/reset)); the old kubeconfig stops working, and the new one is
    written to O(path). This is not idempotent by nature, every run with O(reset=true) rotates again; set it for
    one run only (a run with O(reset=false) sends no reset).
  - Check mode reads the kubeconfig to say whether the file would change, writes nothing, and sends no reset. It waits
    for nothing; on a cluster not C(READY) yet (with O(wait=true)) it reports C(changed) without reading the kubeconfig,
    which the API gives only once the cluster is C(READY) (see the C(check_mode) attribute).
  - A cluster that is not C(READY) yet has no kubeconfig to give; with O(wait=true) the task waits for C(READY)
    first, otherwise it fails saying so.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details:
      - Reads the kubeconfig and compares it with the file; writes nothing and sends no reset.
      - Waits for nothing. On a cluster that is not C(READY) yet, whose kubeconfig the API does not give, with O(wait=true)
        it predicts what the run would do once the cluster is C(READY), without reading the kubeconfig; C(changed=true)
        (the file cannot be compared with a kubeconfig not given yet, so an existing file counts as one that would be
        rewritten), no C(sha256), and C(msg) says so. With O(wait=false), or on a cluster in a failure status, it
        fails as the run would.
  diff_mode:
    support: full
    details: Shows the file's path and the checksum of its content before and after, never the content.
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters).
    type: str
    required: true
  cluster:
    description:
      - The name of the cluster (see M(signet.ovh.ovh_cloud_kube)).
    type: str
    required: true
  path:
    description:
      - Where the kubeconfig is written. Its directory must exist.
    type: path
    required: true
  reset:
    description:
      - Rotate the kubeconfig before writing it (see the description; every run with V(true) rotates).
    type: bool
    default: false
  wait_timeout:
    default: 3600
'''

EXAMPLES = r'''
- name: The demo cluster's kubeconfig, for kubectl
  signet.ovh.ovh_cloud_kube_kubeconfig:
    project: 0123456789abcdef0123456789abcdef
    cluster: demo-cluster
    path: ~/demo-cluster.kubeconfig
  register: kubeconfig

- name: Nothing to rewrite on a second run
  signet.ovh.ovh_cloud_kube_kubeconfig:
    project: 0123456789abcdef0123456789abcdef
    cluster: demo-cluster
    path: ~/demo-cluster.kubeconfig
'''

RETURN = r'''
path:
  description: The file written (or that would be).
  returned: success
  type: str
  sample: /home/ops/demo-cluster.kubeconfig
sha256:
  description: The SHA-256 checksum of the kubeconfig (the content itself is never returned).
  returned: when the kubeconfig was read (not in check mode with O(reset=true) or on a cluster not READY)
  type: str
  sample: sha256:9b3f1c0e2d4a...
reset:
  description: Whether the kubeconfig was rotated by this run.
  returned: success
  type: bool
msg:
  description: In check mode on a cluster not C(READY) yet, why C(changed) is a prediction that did not read the
    kubeconfig.
  returned: in check mode, when the cluster is not READY
  type: str
  sample: cluster demo-cluster is "INSTALLING"; check mode waits for nothing, the kubeconfig would be written once it is READY
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import project_id, secret_call, wait_for_status
from ansible_collections.signet.ovh.plugins.module_utils.kube import (
    CLUSTER, CLUSTER_PENDING, KUBECONFIG, READY, KubeInputError, check_file_path, check_name, file_checksum, kube_path,
    require_cluster, write_secret_file)
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError


def check_options(params):
    project = project_id(params["project"])
    check_name(params["cluster"], "cluster")
    check_file_path(params["path"])
    return project


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            cluster=dict(type="str", required=True),
            path=dict(type="path", required=True),
            reset=dict(type="bool", default=False),
            **wait_options(wait=True, timeout=3600)
        ),
        supports_check_mode=True,
    )
    params = module.params
    project = check_input(module, check_options, params)
    check_wait_options(module)
    result = dict(changed=False, path=params["path"], reset=False)
    with ovh_session(module, result, last_read="cluster") as client:
        cluster = require_cluster(client, project, params["cluster"])
        path = kube_path(project, cluster["id"])
        status = cluster["status"]
        if status not in READY:
            if not params["wait"] or status not in CLUSTER_PENDING:
                raise KubeInputError("cluster %s is %s: its kubeconfig comes once it is READY%s" % (
                    params["cluster"], printable(status), " (wait=true waits for it)" if not params["wait"] else ""))
            if module.check_mode:
                # Nothing is waited for in check mode, and the kubeconfig is not given yet: the run would write it.
                result.update(changed=True, msg="cluster %s is %s; check mode waits for nothing, the kubeconfig would be "
                              "%swritten once it is READY" % (params["cluster"], printable(status),
                                                              "rotated and " if params["reset"] else ""))
                _exit_predicted(module, result, "the kubeconfig of the cluster once it is READY")
            wait_for_status(client, path, "cluster %s" % params["cluster"], READY, CLUSTER_PENDING,
                            timeout=params["wait_timeout"], shape=CLUSTER)
        if params["reset"]:
            result["changed"] = True
            if module.check_mode:
                _exit_predicted(module, result, "a new kubeconfig")
            secret_call(client, "POST", path + "/kubeconfig/reset", None, "a kubeconfig")
            result["reset"] = True
        content = secret_call(client, "POST", path + "/kubeconfig", KUBECONFIG, "a kubeconfig", read=True)["content"]
        if not isinstance(content, str) or not content.strip():
            # Never written over the file: an empty answer is no kubeconfig (and the file may hold a working one).
            raise ValueError("the API answered a kubeconfig that is %s; %s is left as it is" % (
                "empty" if isinstance(content, str) else "not text", params["path"]))
        try:
            changed, before, after = write_secret_file(params["path"], content, module.check_mode)
        except StateFileError as exc:
            module.fail_json(msg=str(exc), **result)
        result["changed"] = result["changed"] or changed
        result["sha256"] = after
        with_diff(module, result, {"path": params["path"], "content": before}, {"path": params["path"], "content": after})
    module.exit_json(**result)


def _exit_predicted(module, result, content):
    """Check mode's end when the kubeconfig is not read: the diff says what would be written, not its checksum."""
    path = module.params["path"]
    try:
        before = file_checksum(path)
    except StateFileError as exc:
        module.fail_json(**dict(result, msg=str(exc)))
    with_diff(module, result, {"path": path, "content": before}, {"path": path, "content": content})
    module.exit_json(**result)


if __name__ == "__main__":
    main()
