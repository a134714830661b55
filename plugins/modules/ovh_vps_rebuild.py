#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_vps_rebuild
short_description: Rebuild an OVHcloud VPS with an image and an SSH key
version_added: 0.1.0
description:
  - Rebuilds (reinstalls) a VPS with C(POST /vps/{serviceName}/rebuild), from one of the images the VPS offers
    (C(GET /vps/{serviceName}/images/available)), given by id or by name, with an SSH key of the account (O(ssh_key))
    or a public key given here (O(public_ssh_key)). A rebuild erases the VPS's disk.
  - The rebuild starts only when the VPS's current image (C(GET /vps/{serviceName}/images/current)) is another one, or
    with O(force=true). An image the VPS does not offer fails the task, listing the names it offers, before any write.
  - A rebuild already pending (a C(reinstallVm) task) is never started again; the task reports it and, with
    O(wait=true), waits for it. Another pending task of the VPS (a reboot, a snapshot...) is waited for before the
    rebuild starts, since the API refuses it meanwhile (when it fails, so does this task, without starting the rebuild).
    Check mode does neither.
  - With O(wait=true) the task waits until the rebuild's task is C(done), and fails with its type, state and progress
    when it ends in C(error) or C(cancelled).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the VPS, its images and pending tasks, predicts whether a rebuild would start; sends no write.
  diff_mode:
    support: full
    details: Shows the image before and after.
options:
  service_name:
    description:
      - The VPS's service name, for example V(vps-1a2b3c4d.vps.ovh.net).
    type: str
    required: true
  image:
    description:
      - The image to install, by id or by name (for example V(Debian 12); names are compared without case).
    type: str
    required: true
  ssh_key:
    description:
      - The name of an SSH key of the account (C(/me/sshKey), see M(signet.ovh.ovh_ssh_key)) to install. Checked
        before the rebuild starts.
    type: str
  public_ssh_key:
    description:
      - A public SSH key to install, V(ssh-ed25519 AAAA... comment), checked before any request.
    type: str
  do_not_send_password:
    description:
      - Do not e-mail the installation password (only with O(ssh_key) or O(public_ssh_key)). Unset, not sent.
    type: bool
  force:
    description:
      - Rebuild even when the VPS already runs O(image).
    type: bool
    default: false
  wait:
    default: false
  wait_timeout:
    default: 1800
notes:
  - Only the image is compared, since the API does not say which SSH key a VPS was built with; to rebuild with another
    key, set O(force=true).
'''

EXAMPLES = r'''
- name: Rebuild the dev VPS with Debian 12 and the admin key, and wait for it
  signet.ovh.ovh_vps_rebuild:
    service_name: vps-5e6f7a8b.vps.ovh.net
    image: Debian 12
    ssh_key: admin
    do_not_send_password: true
    wait: true
  register: rebuild

- name: What was installed
  ansible.builtin.debug:
    msg: "{{ rebuild.previous_image.name }} -> {{ rebuild.image.name }}"
'''

RETURN = r'''
started:
  description: Whether this task started a rebuild (in check mode, whether it would have).
  returned: success
  type: bool
already_running:
  description: Whether a rebuild was already pending, so none was started.
  returned: success
  type: bool
previous_image:
  description: The VPS's image before the task (API C(vps.Image)).
  returned: success
  type: dict
  sample: {"id": "9f2c4d1e-0b6a-5c2e-8f1d-3a7b9c0d1e2f", "name": "Ubuntu 24.04"}
image:
  description: The VPS's image after the task; the same as RV(previous_image) until a rebuild is done.
  returned: success
  type: dict
  sample: {"id": "0e8c2b4a-7d1f-5e3c-9a6b-4c2d8e0f1a3b", "name": "Debian 12"}
task:
  description: The rebuild's task (API C(vps.Task) in snake_case), as last read; V(null) when none started or ran.
  returned: success
  type: dict
  sample: {"id": 60000003, "type": "reinstallVm", "state": "done", "progress": 100, "date": "2026-01-05T10:00:00+00:00"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.ssh_keys import check_key_name, parse_key, read_key
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, wait_for_task
from ansible_collections.signet.ovh.plugins.module_utils.vps import (
    REBUILD_TYPE, VpsInputError, available_images, check_service_name, current_image, pending_tasks, read_vps,
    rebuild_body, resolve_image, start_rebuild, wait_for_pending)


def _check(params):
    name = check_service_name(params["service_name"])
    if not params["image"] or not params["image"].strip():
        raise VpsInputError("image must be the id or the name of an image, e.g. Debian 12")
    ssh_key = check_key_name(params["ssh_key"]) if params["ssh_key"] is not None else None
    public = parse_key(params["public_ssh_key"], "public_ssh_key").text() if params["public_ssh_key"] is not None else None
    if params["do_not_send_password"] and not (ssh_key or public):
        raise VpsInputError("do_not_send_password needs ssh_key or public_ssh_key (the password is the only way in "
                            "otherwise)")
    return name, ssh_key, public


def main():
    module = ovh_module(
        dict(
            service_name=dict(type="str", required=True),
            image=dict(type="str", required=True),
            ssh_key=dict(type="str", no_log=False),
            public_ssh_key=dict(type="str", no_log=False),
            do_not_send_password=dict(type="bool", no_log=False),
            force=dict(type="bool", default=False),
            **wait_options(wait=False, timeout=1800)
        ),
        mutually_exclusive=[("ssh_key", "public_ssh_key")],
        supports_check_mode=True,
    )
    params = module.params
    name, ssh_key, public = check_input(module, _check, params)
    check_wait_options(module)
    kind = TASK_KINDS["vps"]
    result = dict(changed=False, started=False, already_running=False, task=None)
    with ovh_session(module, result, task_failed="the rebuild of %s failed" % name,
                     what_goes_on="it goes on: run the task again with wait to wait more (nothing is started twice)") as client:
        read_vps(client, name)
        wanted_id, wanted_name = resolve_image(available_images(client, name), params["image"])
        current = current_image(client, name)
        result["previous_image"] = result["image"] = current
        pending = pending_tasks(client, name)
        rebuilding = [task for task in pending if task["type"] == REBUILD_TYPE]
        result["already_running"] = bool(rebuilding)
        start = not rebuilding and (params["force"] or current["id"] != wanted_id)
        with_diff(module, result, dict(image=current["name"]), dict(image=wanted_name if start else current["name"]))
        if rebuilding:
            result["task"] = snake_keys(rebuilding[-1])
        if start and ssh_key is not None and read_key(client, ssh_key) is None:
            missing = "ssh_key: the account has no SSH key named %s (see ovh_ssh_key)" % ssh_key
            if not module.check_mode:
                module.fail_json(msg=missing, **result)
            # In check mode an earlier task of the play (ovh_ssh_key) may be about to add it: say so, predict on.
            module.warn(missing + "; the rebuild would fail unless an earlier task adds it")
        if module.check_mode:
            result["started"] = result["changed"] = start
            module.exit_json(**result)
        if start:
            wait_for_pending(client, name, pending, params["wait_timeout"])  # the API refuses an action meanwhile
            task = start_rebuild(client, name, rebuild_body(wanted_id, ssh_key, public, params["do_not_send_password"]))
            result["started"] = result["changed"] = True
            result["task"] = snake_keys(task)
        elif rebuilding:
            task = rebuilding[-1]
        else:
            task = None
        if task is not None and params["wait"]:
            result["task"] = snake_keys(wait_for_task(client, kind, name, task["id"], params["wait_timeout"]))
            result["image"] = current_image(client, name)
            if result["already_running"] and result["image"]["id"] != wanted_id:
                module.warn("the rebuild that was running installed %s, not %s; run the task again to install %s"
                            % (printable(result["image"]["name"]), printable(wanted_name), printable(wanted_name)))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
