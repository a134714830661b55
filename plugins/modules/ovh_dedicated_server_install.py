#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dedicated_server_install
short_description: Reinstall the operating system of an OVHcloud dedicated server
version_added: 0.1.0
description:
  - Reinstalls a dedicated server through C(POST /dedicated/server/{serviceName}/reinstall) (the route OVHcloud has used
    since installation templates reached their end of life in 2024), with an operating system, customizations
    (host name, SSH key, post-installation script, config-drive user data, image URL...) and a storage layout.
  - O(storage) is checked against the API schema's storage models before anything is sent; a customization the module
    does not list yet can be passed with O(extra_customizations).
  - A reinstallation erases the server's disks. It starts only when O(force=true) or when the installed system
    (the server's C(os)) differs from O(operating_system); check mode predicts that without starting anything.
  - A reinstallation already running is never started again; with O(wait=true) the task waits for it.
  - With O(wait=true) the task polls the reinstallServer task and C(install/status) until the task is final, returns
    the installation steps, and fails with the task's comment when it ends in C(customerError), C(ovhError) or
    C(cancelled). When O(wait_timeout) passes first the reinstallation goes on; run the task again with O(wait=true) to
    wait more (nothing is started twice).
  - With O(wait=true) and a reinstallation already running, the task waits for it.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
  - signet.ovh.wait.poll_interval
attributes:
  check_mode:
    support: full
    details: Reads the server and its tasks, predicts whether a reinstallation would start; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the operating system before and after.
options:
  service_name:
    description:
      - The server's service name, for example V(ns3001234.ip-203-0-113.eu).
    type: str
    required: true
  operating_system:
    description:
      - The system to install, for example V(debian12_64) or V(ubuntu2404-server_64)
        (C(GET /dedicated/server/{serviceName}/install/compatibleTemplates) lists those the server accepts).
        V(byolinux_64) installs the image of O(customizations.image_url).
    type: str
    required: true
  customizations:
    description:
      - What to customize in the installed system. Unset suboptions are not sent.
    type: dict
    suboptions:
      hostname:
        description: The host name of the installed system.
        type: str
      ssh_key:
        description: A public SSH key to install for the default user (replaces the removed C(sshKeyName)).
        type: str
      post_installation_script:
        description: A script run at the end of the installation, base64-encoded. Never logged (it often holds secrets).
        type: str
      post_installation_script_extension:
        description: The script's file extension for Windows systems.
        type: str
        choices: [cmd, ps1]
      config_drive_user_data:
        description: cloud-init user data for the config drive, base64-encoded. Never logged (it often holds secrets).
        type: str
      config_drive_metadata:
        description:
          - Metadata for the config drive (cloud-init's C(meta_data)), a mapping of names to text values, sent as
            C(customizations.configDriveMetadata). Numbers and booleans are sent as text.
          - Not in the API schema OVHcloud publishes for C(dedicated.server.reinstall.Customizations); OVHcloud's
            Terraform provider sends it. Not masked (metadata, not secrets).
        type: dict
      image_url:
        description:
          - The URL of the image to install (with O(operating_system=byolinux_64)).
          - Its user:password part and its query string (a signed URL's signature) are masked in every output of the
            task, its invocation at C(-vvv) included.
        type: str
      image_type:
        description: The image's format.
        type: str
        choices: [qcow2, raw]
      image_check_sum:
        description: The image's checksum.
        type: str
      image_check_sum_type:
        description: The checksum's algorithm.
        type: str
        choices: [md5, sha1, sha256, sha512]
      http_headers:
        description: HTTP headers sent to fetch the image (for example an authorization). Never logged.
        type: dict
      efi_bootloader_path:
        description: Path of the EFI bootloader in the installed image.
        type: str
      language:
        description: The display language of a Windows system.
        type: str
        choices: [cs-cz, de-de, en-us, es-es, fr-fr, it-it, nl-nl, pl-pl, pt-pt]
  storage:
    description:
      - The storage configuration, the API's C(dedicated.server.reinstall.Storage) list, each item with C(disk_group_id)
        (0, the default, is automatic), C(hardware_raid) (a list of C(arrays), C(disks), C(raid_level) in 0, 1, 5, 6,
        10, 50, 60, C(spares)) and C(partitioning) (C(disks), C(scheme_name) and C(layout), a list of partitions with
        C(file_system) and C(mount_point) required, C(size) in MiB (0 fills the disk), C(raid_level) in 0, 1, 5, 6, 7,
        10, and C(extras) with C(lv.name) or C(zp.name)).
      - Keys in snake_case as above, or the API's camelCase (C(diskGroupId), C(fileSystem)...). C(file_system) is one of
        btrfs, ext3, ext4, fat16, none, ntfs, reiserfs, swap, ufs, vmfs5, vmfs6, vmfsl, xfs, zfs.
      - Checked before any request; an error names the field, for example
        C(storage[0].partitioning.layout[1].file_system). Sent in the API's camelCase.
    type: list
    elements: dict
  extra_customizations:
    description:
      - Customizations this module does not list yet, sent as given in C(customizations), with the API's camelCase names
        (for example C(newFieldName)), with a warning naming them. A name of a listed customization is refused;
        set it in O(customizations).
      - Their values are not masked; put no secret there.
    type: dict
  properties:
    description:
      - Deprecated by OVHcloud, B(no effect) (OVHcloud's Terraform provider documents the reinstall's C(properties) as
        deprecated and without effect). Sent as given, with a warning; use O(customizations.config_drive_metadata) for
        config-drive metadata.
    type: dict
  force:
    description:
      - Reinstall even when O(operating_system) is already installed.
    type: bool
    default: false
  wait:
    default: false
  wait_timeout:
    default: 3600
  poll_interval:
    default: 30
notes:
  - O(timeout) is the timeout of each HTTP request; O(wait_timeout) bounds the whole wait.
  - Only the system is compared, since the API does not say which customizations or storage layout a server was installed
    with; to reinstall the same system with other customizations (another image URL with V(byolinux_64), another SSH
    key...), set O(force=true).
'''

EXAMPLES = r'''
- name: Install Ubuntu 24.04 with a host name and an SSH key, and wait for it
  signet.ovh.ovh_dedicated_server_install:
    service_name: ns3001234.ip-203-0-113.eu
    operating_system: ubuntu2404-server_64
    customizations:
      hostname: web1
      ssh_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo4QQ8nA9mB1DdlL6N3Yy4gB6w8v1HpHcWQm8vJg2kP admin@example.com
    wait: true
    wait_timeout: 3600
  register: install

- name: The installation steps
  ansible.builtin.debug:
    msg: "{{ install.steps | map(attribute='comment') | list }}"

- name: Reinstall the same system again on software RAID 1 with LVM, with config-drive metadata, without waiting
  signet.ovh.ovh_dedicated_server_install:
    service_name: ns3001234.ip-203-0-113.eu
    operating_system: ubuntu2404-server_64
    force: true
    customizations:
      config_drive_metadata:
        role: web
    storage:
      - partitioning:
          layout:
            - {mount_point: /boot, file_system: ext4, size: 1024, raid_level: 1}
            - {mount_point: /, file_system: ext4, raid_level: 1, extras: {lv: {name: root}}}
            - {mount_point: swap, file_system: swap, size: 4096}
  register: again
'''

RETURN = r'''
started:
  description: Whether this task started a reinstallation (in check mode, whether it would have).
  returned: success
  type: bool
already_running:
  description: Whether a reinstallation was already running, so none was started.
  returned: success
  type: bool
previous_operating_system:
  description: The system installed before the task (the server's C(os)).
  returned: success
  type: str
  sample: debian11_64
operating_system:
  description:
    - The server's C(os) after the task; the same as RV(previous_operating_system) until a reinstallation has finished.
  returned: success
  type: str
  sample: debian12_64
task:
  description:
    - The reinstallServer task (API C(dedicated.server.Task), keys in snake_case), as last read; V(null) when none
      started or ran.
  returned: success
  type: dict
  sample: {"task_id": 8000001, "function": "reinstallServer", "status": "done", "comment": "Installation finished",
           "start_date": "2026-01-05T10:00:00+01:00", "done_date": "2026-01-05T10:20:00+01:00"}
steps:
  description:
    - The installation steps (API C(dedicated.server.InstallationProgressSteps)) as last read while waiting, each with
      C(comment), C(status) and C(error). Empty without O(wait).
  returned: success
  type: list
  elements: dict
  sample: [{"comment": "Preparing installation", "status": "done", "error": null}]
'''

from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.masking import url_secrets
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.servers import (
    check_service_name, extra_customization_names, install_progress, read_server, reinstall_body, running_reinstall, start_reinstall)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, wait_for_task

CUSTOMIZATIONS = dict(
    hostname=dict(type="str"),
    ssh_key=dict(type="str", no_log=False),
    post_installation_script=dict(type="str", no_log=True),
    post_installation_script_extension=dict(type="str", choices=["cmd", "ps1"]),
    config_drive_user_data=dict(type="str", no_log=True),
    config_drive_metadata=dict(type="dict"),
    image_url=dict(type="str"),
    image_type=dict(type="str", choices=["qcow2", "raw"]),
    image_check_sum=dict(type="str"),
    image_check_sum_type=dict(type="str", choices=["md5", "sha1", "sha256", "sha512"]),
    http_headers=dict(type="dict", no_log=True),
    efi_bootloader_path=dict(type="str"),
    language=dict(type="str", choices=["cs-cz", "de-de", "en-us", "es-es", "fr-fr", "it-it", "nl-nl", "pl-pl", "pt-pt"]),
)


def main():
    module = ovh_module(
        dict(
            service_name=dict(type="str", required=True),
            operating_system=dict(type="str", required=True),
            customizations=dict(type="dict", options=CUSTOMIZATIONS),
            storage=dict(type="list", elements="dict"),
            extra_customizations=dict(type="dict"),
            properties=dict(type="dict"),
            force=dict(type="bool", default=False),
            **wait_options(wait=False, timeout=3600, poll_interval=30.0)
        ),
        supports_check_mode=True,
    )
    params = module.params
    # An image URL may carry a user:password or a signed query: never shown, in the invocation (-vvv) included.
    module.no_log_values.update(url_secrets((params["customizations"] or {}).get("image_url")))
    name = check_input(module, check_service_name, params["service_name"])
    body = check_input(module, reinstall_body, params["operating_system"], params["customizations"], params["storage"],
                       params["properties"], params["extra_customizations"])
    check_wait_options(module)
    if params["extra_customizations"]:
        module.warn("extra_customizations: %s sent as given, unknown to this module (the API refuses a customization it "
                    "does not know)" % ", ".join(extra_customization_names(params["extra_customizations"])))
    if params["properties"]:
        module.warn("properties has no effect (deprecated by OVHcloud); config-drive metadata goes in "
                    "customizations.config_drive_metadata")
    wanted = body["operatingSystem"]
    result = dict(changed=False, started=False, already_running=False, task=None, steps=[])
    with ovh_session(module, result, task_failed="the reinstallation of %s failed" % name,
                     what_goes_on="it goes on: run the task again with wait to wait more (nothing is started twice)") as client:
        server = read_server(client, name)
        result["previous_operating_system"] = result["operating_system"] = server["os"]
        task = running_reinstall(client, name)
        result["already_running"] = task is not None
        result["task"] = snake_keys(task)
        start = task is None and (params["force"] or server["os"] != wanted)
        with_diff(module, result, {"operating_system": server["os"]}, {"operating_system": wanted if start else server["os"]})
        if module.check_mode:
            result["started"] = result["changed"] = start
            module.exit_json(**result)
        if start:
            task = start_reinstall(client, name, body)
            result["started"] = result["changed"] = True
            result["task"] = snake_keys(task)
        if task is not None and params["wait"]:
            _wait(module, client, name, task, result)
    module.exit_json(**result)


def _wait(module, client, name, task, result):
    """Until the task is final, with the installation's steps; a failure or a timeout fails the task
    in ovh_session, with the task as last read."""
    params = module.params

    def read_steps(current):
        result["task"] = snake_keys(current)
        if current["status"] not in TASK_KINDS["dedicated_server"].pending:
            return
        steps = install_progress(client, name)
        if steps is not None:
            result["steps"] = snake_keys(steps)

    wait_for_task(client, TASK_KINDS["dedicated_server"], name, task["taskId"], params["wait_timeout"],
                  poll_interval=params["poll_interval"], on_read=read_steps)
    result["operating_system"] = read_server(client, name)["os"]
    if result["already_running"] and result["operating_system"] != params["operating_system"].strip():
        module.warn("the reinstallation that was running installed %s, not %s; run the task again to install %s"
                    % (printable(result["operating_system"]), params["operating_system"], params["operating_system"]))


if __name__ == "__main__":
    main()
