#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_api_call
short_description: Call any route of the OVHcloud API
version_added: 0.1.0
description:
  - Sends one call to the OVHcloud API, signed with the application's credentials, and returns the decoded answer.
  - Use it for routes the collection has no dedicated module for. It cannot know whether a C(POST), C(PUT) or
    C(DELETE) changes anything, so it reports those as changed and C(GET) as unchanged.
  - With O(wait=true), when the answer is a task of a product the collection knows (a dedicated server's, a DNS zone's,
    a domain's, an IP's, a VPS's, a vRack's, or a Public Cloud project's C(cloud.Operation), recognised by O(path) and the
    answer's id and status (or state) fields, and an operation's C(action)), reads it until it is final and returns it in
    RV(task); a vRack task that answers 404 is over (the API forgets it once done). A task that ends in a failure state
    (C(customerError), C(ovhError), C(error), C(problem), C(cancelled), an operation's C(in-error)) fails the task with the
    task's comment (an operation's action); when O(wait_timeout) passes first, the message names the task's route. Any other answer is
    returned as is, with a warning.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
  - signet.ovh.wait.poll_interval
attributes:
  check_mode:
    support: partial
    details: A C(GET) is sent in check mode; other methods are not sent and are reported as changed.
  diff_mode:
    support: none
options:
  method:
    description:
      - The HTTP method.
    type: str
    choices: [GET, POST, PUT, DELETE]
    default: GET
  path:
    description:
      - The route, relative to the endpoint's C(/1.0), starting with C(/), for example C(/me) or
        C(/domain/zone/example.com/record).
      - Characters that are not allowed in a URL are percent-encoded; existing C(%XX) escapes are kept,
        so a path segment holding a C(/) is written C(%2F), as in C(/ip/192.0.2.0%2F29).
    type: str
    required: true
  query:
    description:
      - Query string parameters. Booleans are sent as C(true) and C(false); values are form-encoded.
    type: dict
  body:
    description:
      - The request body, any JSON value (usually a mapping). It is serialized once, compactly, and signed as sent.
      - A string is taken as JSON text and must hold an object or an array, for example the output of
        P(ansible.builtin.to_json#filter); it is decoded and sent like the mapping or list it holds.
      - Only C(POST) and C(PUT) take a body. Not sent when omitted.
    type: raw
  auth:
    description:
      - Whether to sign the call. Only C(GET /auth/time) and C(POST /auth/credential) are called unsigned;
        for them the consumer key and application secret are not needed.
    type: bool
    default: true
  status_code:
    description:
      - HTTP statuses that count as success. Any other status fails the task.
      - By default every 2xx status is a success.
    type: list
    elements: int
  wait:
    default: false
notes:
  - C(POST /auth/credential) answers with a new consumer key, which this module returns as is. Use
    M(signet.ovh.ovh_consumer_key) to request consumer keys, which can store them without printing them.
'''

EXAMPLES = r'''
- name: Read the account's details
  signet.ovh.ovh_api_call:
    path: /me
  register: me

- name: List the DNS zones, with credentials from the environment or ovh.conf
  signet.ovh.ovh_api_call:
    path: /domain/zone
  register: zones

- name: Filter with query parameters
  signet.ovh.ovh_api_call:
    path: /me/api/credential
    query:
      status: validated

- name: Create a DNS record with a raw call (ovh_dns_record does this idempotently)
  signet.ovh.ovh_api_call:
    method: POST
    path: /domain/zone/example.com/record
    body:
      fieldType: TXT
      subDomain: raw
      target: created with ovh_api_call
      ttl: 0
  register: created

- name: Apply the zone's pending changes
  signet.ovh.ovh_api_call:
    method: POST
    path: /domain/zone/example.com/refresh

- name: Delete that record again, by the id the API returned
  signet.ovh.ovh_api_call:
    method: DELETE
    path: /domain/zone/example.com/record/{{ created.json.id }}

- name: Reinstall a dedicated server and wait until its task is done
  signet.ovh.ovh_api_call:
    method: POST
    path: /dedicated/server/ns3001234.ip-203-0-113.eu/reinstall
    body:
      operatingSystem: debian12_64
    wait: true
    wait_timeout: 3600
  register: reinstall

- name: Set the credentials once for every module of the collection
  module_defaults:
    group/signet.ovh.ovh:
      endpoint: "{{ ovh_endpoint | default('ovh-eu') }}"
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  block:
    - name: Check that a zone exists without failing when it does not
      signet.ovh.ovh_api_call:
        path: /domain/zone/example.com
        status_code: [200, 404]
      register: zone
'''

RETURN = r'''
json:
  description:
    - The decoded answer of the API (any JSON value), or null when it has no body or the call was not sent.
    - An answer that is not JSON fails the task instead (with an excerpt in the message).
  returned: always
  type: raw
  sample: {"nichandle": "xx1234-ovh", "country": "FR"}
status:
  description: The HTTP status of the answer; null when the call was not sent (check mode).
  returned: always
  type: int
  sample: 200
url:
  description: The full URL of the call. It holds no credentials.
  returned: always
  type: str
  sample: https://eu.api.ovh.com/1.0/me/api/credential?status=validated
query_id:
  description: OVH's X-Ovh-QueryID of the answer, which OVHcloud support asks for.
  returned: when the call was sent
  type: str
  sample: EU.ext-3.63ac85b6.10528.27b4f1fc
may_have_applied:
  description:
    - On a failed C(POST), C(PUT) or C(DELETE), whether the API may have carried out the call all the same (the
      request was sent and got no answer, a server error, or a success whose body cannot be read).
    - A success (2xx) whose body cannot be read also sets C(changed); check the resource before sending the call again.
  returned: when a POST, PUT or DELETE failed
  type: bool
  sample: true
task:
  description:
    - The task as last read, once final (with O(wait=true) and an answer that is a task), keys in snake_case (RV(json)
      is the answer as the API gave it).
  returned: when O(wait=true) and the answer is a task
  type: dict
  sample: {"task_id": 8000001, "function": "reinstallServer", "status": "done", "comment": "Installation finished"}
'''

import json

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    ALL_CREDENTIALS, check_wait_options, ovh_module, ovh_session, wait_options)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import task_of_call, wait_for_task


def check_body(module, method, body):
    """The body to send: None, or a JSON value (JSON text given as a string is decoded)."""
    if body is None:
        return None
    if method not in ("POST", "PUT"):
        module.fail_json(msg="body is only sent with POST and PUT, not with %s: give %s parameters in query" % (method, method))
    if isinstance(body, str):
        try:
            decoded = json.loads(body)
        except ValueError as exc:
            module.fail_json(msg="body is a string but not JSON text (%s): give the body as a mapping, or as the JSON text of an object" % exc)
        if not isinstance(decoded, (dict, list)):
            kind = "null" if decoded is None else "boolean" if isinstance(decoded, bool) else "string" if isinstance(decoded, str) else "number"
            module.fail_json(msg="body is a string holding the JSON text of a %s, not of an object: give the body as a mapping" % kind)
        body = decoded
    try:
        json.dumps(body, allow_nan=False)
    except (TypeError, ValueError) as exc:
        module.fail_json(msg="body must be a JSON value: %s" % exc)
    return body


def main():
    module = ovh_module(
        dict(
            method=dict(type="str", default="GET", choices=["GET", "POST", "PUT", "DELETE"]),
            path=dict(type="str", required=True),
            query=dict(type="dict"),
            body=dict(type="raw"),
            auth=dict(type="bool", default=True),
            status_code=dict(type="list", elements="int"),
            **wait_options(wait=False, timeout=600, poll_interval=10.0)
        ),
        supports_check_mode=True,
    )
    params = module.params
    method, path = params["method"], params["path"]
    if not path.startswith("/"):
        module.fail_json(msg="path must start with '/', relative to the endpoint's /1.0, got %r" % path)
    if path == "/1.0" or path.startswith("/1.0/"):
        module.fail_json(msg="path is relative to the endpoint's /1.0: write %r, not %r" % (path[4:] or "/", path))
    body = check_body(module, method, params["body"])
    if params["wait"]:
        check_wait_options(module)

    changed = method != "GET"
    result = dict(changed=False)
    with ovh_session(module, result, required=ALL_CREDENTIALS if params["auth"] else (),
                     what_goes_on=lambda exc, result: "it goes on: read it with GET %s" % exc.path) as client:
        try:
            client.url(path)
        except ValueError as exc:
            module.fail_json(msg="path: %s" % exc)
        try:
            result["url"] = client.url(path, params["query"])
        except ValueError as exc:
            module.fail_json(msg="query: %s" % exc)
        if module.check_mode and changed:
            module.exit_json(changed=True, json=None, status=None, url=result["url"])
        try:
            answer = client.call(method, path, query=params["query"], body=body, auth=params["auth"], expected=params["status_code"])
        except OvhApiError as exc:
            result["status"] = exc.status  # this module's status is the answer's HTTP status, failed or not
            if changed:
                # A write the API may have carried out all the same says so, and one it accepted (2xx) with an
                # answer that cannot be read counts as a change.
                result.update(may_have_applied=exc.may_have_applied,
                              changed=exc.may_have_applied and exc.status is not None and exc.status < 300)
            raise
        result.update(changed=changed and 200 <= answer.status < 300, json=answer.data, status=answer.status, url=answer.url,
                      query_id=answer.query_id)
        if params["wait"]:
            found = task_of_call(path.split("?", 1)[0], answer.data)
            if found is None:
                module.warn("wait: the answer of %s is not a task of a dedicated server, DNS zone, domain, IP, VPS, vRack or Public Cloud project; "
                            "returned without waiting" % path)
            else:
                kind, service, task_id = found
                result["task"] = snake_keys(wait_for_task(client, kind, service, task_id, params["wait_timeout"],
                                                          poll_interval=params["poll_interval"]))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
