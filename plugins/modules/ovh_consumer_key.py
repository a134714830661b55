#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_consumer_key
short_description: Request an OVHcloud API consumer key for a set of access rules
version_added: 0.1.0
description:
  - Requests a consumer key (CK) for the application (C(POST /auth/credential), which needs only the application key)
    and returns the URL where a customer logs in to approve it, binding the key to their account. This is how an
    application gets access to a customer's account, or to your own.
  - "Idempotent: when a consumer key is already configured and C(GET /auth/currentCredential) shows it validated,
    not expired (by the API's clock), with rules that cover every requested rule (and, with O(allowed_ips), restricted
    to ranges inside those), it is kept and nothing is requested. The configured key is the one in the O(store_in)
    file when that option is set, otherwise the usual one (option O(consumer_key), E(OVH_CONSUMER_KEY), ovh.conf)."
  - "A configured key that the API refuses from this machine's IP address (403 C(FORBIDDEN): validated, but this
    address is outside its allowed IPs) makes the task fail, naming the key's source, instead of requesting a new key
    that the customer would have to approve on every run. Run the task from an allowed address, widen the key's
    allowed IPs with M(signet.ovh.ovh_credential), or set O(force) to request a new key."
  - With O(wait=true), waits until the customer approved the key, polling C(GET /auth/currentCredential) with it every
    2 seconds, and fails when they refused it, when it expired or when O(wait_timeout) passed; the message holds the
    validation URL. After a timeout (or an API error while waiting) the key may still be approved later. With
    O(store_in) it is stored all the same, so that it is usable once approved and a later run keeps it; otherwise it is
    in RV(consumer_key) unless O(return_consumer_key=false).
  - With O(wait=true), fails at once when the customer approved the key but the API refuses it from this machine's IP
    address (outside O(allowed_ips)); the message names the validation URL and the allowed IPs. With O(store_in) the
    approved key is stored all the same.
  - The API answers "This credential is not valid" for a key still waiting, refused or expired alike; the wait stops
    early only when the API says the key was refused or has expired.
  - With O(store_in), writes the key into an ovh.conf file, so that it needs not pass through the playbook's output.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Checks the configured key; sends no C(POST /auth/credential) and writes no file.
  diff_mode:
    support: none
options:
  access_rules:
    description:
      - The API calls the key may make. Each entry gives a path and the methods, as one O(access_rules[].method),
        a list O(access_rules[].methods) or a O(access_rules[].preset).
      - In a path, C(*) matches any text, C(/) included. C(/domain/zone/*) does not grant C(/domain/zone) itself;
        use O(access_rules[].recursive) for a path and everything under it.
    type: list
    elements: dict
    required: true
    suboptions:
      path:
        description:
          - The path, relative to C(/1.0), starting with C(/), for example C(/me) or C(/domain/zone/*).
        type: str
        required: true
      method:
        description:
          - One HTTP method.
        type: str
        choices: [GET, POST, PUT, DELETE]
      methods:
        description:
          - Several HTTP methods.
        type: list
        elements: str
        choices: [GET, POST, PUT, DELETE]
      preset:
        description:
          - A common set of methods, as in python-ovh. V(read-only) is C(GET); V(read-write) is C(GET), C(POST), C(PUT)
            and C(DELETE); V(read-write-safe) is C(GET), C(POST) and C(PUT) (no C(DELETE)).
        type: str
        choices: [read-only, read-write, read-write-safe]
      recursive:
        description:
          - Grant the path and everything under it, as python-ovh's C(add_recursive_rules) does. The path is stripped
            of trailing C(*), C(/) and spaces, then both C(path) and C(path/*) are granted; V(/) gives only C(/*).
        type: bool
        default: false
  add_self_check_rule:
    description:
      - Add the rule C(GET /auth/currentCredential) when the requested rules do not cover it, so that later runs can
        read the key's status, expiration and rules and keep it. Without it, a key is kept only when it was given the
        rule some other way.
    type: bool
    default: true
  redirection:
    description:
      - Where the customer's browser goes after approving the key, for example your application's page.
    type: str
  allowed_ips:
    description:
      - IP ranges (CIDR) the key may be used from; a bare address is a C(/32) or C(/128). By default the key works
        from anywhere. A range with host bits set, such as C(192.0.2.1/24), is an error.
    type: list
    elements: str
  wait:
    default: false
  wait_timeout:
    default: 300
  store_in:
    description:
      - An ovh.conf file (python-ovh's INI format) to write the new key into, in the section named after the
        endpoint (for example C([ovh-eu]), or the base URL for an endpoint given as a URL), with the application key
        beside it. C(endpoint) is added to the C([default]) section when that section has none.
      - Every other section, key and comment is kept. The file is read as the other options read ovh.conf files (a
        section header may carry an inline comment, C([ovh-eu] ; note)), changed under an exclusive lock
        (C(flock) on C(<file>.lock) beside it) and replaced atomically, so that tasks of parallel forks writing other
        sections of the same file lose none. It always ends with mode C(0600) (an existing broader file is narrowed),
        owned by the user running the task. A symlink is followed (its target is replaced and the link stays).
        The application secret is never written.
      - The key already in that section is the one checked and kept (see the description). A new key is stored right
        away without O(wait). With O(wait) it is stored once validated, and also when the wait ends without a refusal
        (timeout, API error, or approved but refused from this IP), so that an approval given later is not lost.
      - The task fails before any request when that section holds an C(application_key) or C(application_secret) of
        another application than the task's, since the stored consumer key would then be paired with the wrong
        secret. Neither value is shown. It also fails before any request when the file's directory does not exist or
        the path (or a symlink's target) is not a regular file.
      - Later tasks can read the file with their C(config_file) option, or find it as C(./ovh.conf) or C(~/.ovh.conf).
    type: path
  return_consumer_key:
    description:
      - Whether to return a newly requested key in RV(consumer_key).
      - By default it is returned unless O(store_in) is set.
    type: bool
  force:
    description:
      - Request a new key even when the configured one would be kept, or is refused from this machine's IP address.
    type: bool
    default: false
notes:
  - B(The consumer key is a secret.) Together with the application key and secret, it acts on the customer's account.
    RV(consumer_key) is not masked in the output, because a module cannot mark a return value as secret. Set
    C(no_log) on the task, or use O(store_in) (the key is then neither returned nor shown), and never print the
    registered result.
  - The validation URL is not a secret in the same way, but whoever opens it can bind the key to their own account.
  - Keys are per endpoint; a key requested on V(ovh-eu) does not work on V(ovh-ca).
seealso:
  - module: signet.ovh.ovh_credential_info
  - module: signet.ovh.ovh_credential
'''

EXAMPLES = r'''
- name: Ask the customer for access to their account and store the key in ~/.ovh.conf
  signet.ovh.ovh_consumer_key:
    access_rules:
      - path: /me
        method: GET
      - path: /domain/zone/example.com
        preset: read-write-safe
        recursive: true
    redirection: https://marketplace.example.net/ovh/done
    store_in: ~/.ovh.conf
  register: key

- name: Show where the customer approves it
  ansible.builtin.debug:
    msg: "Open {{ key.validation_url }} to approve the access"
  when: key.validation_url is not none

- name: Keep the configured key if it grants DNS management, else ask for a new one and wait for the approval
  signet.ovh.ovh_consumer_key:
    access_rules:
      - path: /domain/zone
        preset: read-write
        recursive: true
    wait: true
    wait_timeout: 600
  register: dns_key
  no_log: true  # a new key would be returned in the result

- name: Request a read-only key for the whole API without waiting, and show where to approve it
  signet.ovh.ovh_consumer_key:
    access_rules:
      - path: /
        preset: read-only
        recursive: true
    allowed_ips:
      - 203.0.113.0/24
  register: ro_key
  no_log: true

- name: Show the validation URL (not the key)
  ansible.builtin.debug:
    msg: "Open {{ ro_key.validation_url }} to approve the key"
  when: ro_key.validation_url is not none

- name: Use the stored key in later tasks
  signet.ovh.ovh_api_call:
    path: /me
    config_file: ~/.ovh.conf
'''

RETURN = r'''
consumer_key:
  description:
    - The new consumer key. B(A secret:) see the notes.
    - Null when the configured key was kept, in check mode, and when O(store_in) is set without O(return_consumer_key).
  returned: always
  type: str
  sample: MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1
validation_url:
  description: Where the customer approves the new key. Null when no key was requested.
  returned: always
  type: str
  sample: https://eu.api.ovh.com/auth/?credentialToken=iQ1joJE0OmSPlUAoSw1IvAPWDeaD87ZM64HEDvYq77IKIxr4bIu6fU8OtrPQEeRh
status:
  description:
    - The key's status, V(pendingValidation) for a new key not waited for, V(validated) for a kept key or after O(wait).
    - V(validated) also when the task fails because the API refuses the (configured or approved) key from this
      machine's IP address; V(refused) or V(expired) when O(wait) ends so.
    - Null in check mode when a key would be requested.
    - When another API error fails the task, the HTTP status of the failed request, like every module's failure.
  returned: always
  type: raw
  sample: validated
credential_id:
  description: The id of the key's credential, when known (kept key, or new key after O(wait)).
  returned: always
  type: int
  sample: 200000002
expiration:
  description: When the validated key expires (ISO 8601), null for no expiration or when unknown.
  returned: always
  type: str
  sample: "2025-01-31T10:00:00+00:00"
rules:
  description: The access rules requested (or that were checked), after expanding presets and recursive paths.
  returned: always
  type: list
  elements: dict
  contains:
    method:
      description: The HTTP method.
      type: str
      sample: GET
    path:
      description: The path pattern.
      type: str
      sample: /me
  sample: [{"method": "GET", "path": "/me"}, {"method": "GET", "path": "/auth/currentCredential"}]
allowed_ips:
  description: The requested IP ranges, normalized; null when not restricted.
  returned: always
  type: list
  elements: str
  sample: ["203.0.113.0/24"]
stored_in:
  description:
    - The absolute path of the O(store_in) file when the key was written to it (or is kept from it), else null.
    - Set also on a failed O(wait) when the pending or approved key was stored all the same.
  returned: always
  type: str
  sample: /home/user/.ovh.conf
msg:
  description: Why the key was kept or a new one requested.
  returned: always
  type: str
  sample: "the configured consumer key (option consumer_key) does not grant: DELETE /me/api/credential/*"
'''

import contextlib
import os

from ansible.module_utils.common.text.converters import to_native

from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.credentials import (
    METHODS, PRESETS, SELF_CHECK_RULE, CredentialError, PendingKeys, check_configured_key, client_for_key, expand_rules,
    foreign_application, read_ini_value, store_in_file, store_path_target, uncovered_rules,
    wait_for_validation)
from ansible_collections.signet.ovh.plugins.module_utils.names import normalize_ip_blocks
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError, locked
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, fail_on_api_error, ovh_module, ovh_session, wait_options)


def store_key(module, path, settings, consumer_key, result):
    try:
        store_in_file(path, [
            ("default", "endpoint", settings.endpoint, True),
            (settings.endpoint, "application_key", settings.application_key, False),
            (settings.endpoint, "consumer_key", consumer_key, False),
        ])
    except CredentialError as exc:
        # The key was created all the same (checked writable before the request, the file changed since).
        module.fail_json(msg="%s; the consumer key was created (validation URL: %s) but is not stored: run the task again once "
                             "store_in can be written" % (to_native(exc), result["validation_url"]), **result)


def main():
    module = ovh_module(
        dict(
            access_rules=dict(
                type="list", elements="dict", required=True,
                options=dict(
                    path=dict(type="str", required=True),
                    method=dict(type="str", choices=list(METHODS)),
                    methods=dict(type="list", elements="str", choices=list(METHODS)),
                    preset=dict(type="str", choices=sorted(PRESETS)),
                    recursive=dict(type="bool", default=False),
                ),
                mutually_exclusive=[("method", "methods", "preset")],
                required_one_of=[("method", "methods", "preset")],
            ),
            add_self_check_rule=dict(type="bool", default=True),
            redirection=dict(type="str"),
            allowed_ips=dict(type="list", elements="str"),
            store_in=dict(type="path"),
            return_consumer_key=dict(type="bool"),
            force=dict(type="bool", default=False),
            **wait_options(wait=False, timeout=300)
        ),
        supports_check_mode=True,
    )
    params = module.params
    rules = check_input(module, expand_rules, params["access_rules"])
    allowed_ips = check_input(module, normalize_ip_blocks, params["allowed_ips"], "allowed_ips")
    if not rules:
        module.fail_json(msg="access_rules must hold at least one rule")
    if params["add_self_check_rule"] and uncovered_rules(rules, [SELF_CHECK_RULE]):
        rules.append(dict(SELF_CHECK_RULE))
    check_wait_options(module)
    store_path = os.path.abspath(params["store_in"]) if params["store_in"] else None
    if store_path and os.path.isdir(store_path):
        module.fail_json(msg="store_in: %s is a directory, not an ovh.conf file" % store_path)
    if store_path:
        check_input(module, store_path_target, store_path)  # before any request: a key nobody stores is lost
    return_key = params["return_consumer_key"] if params["return_consumer_key"] is not None else not store_path

    result = dict(changed=False)
    with ovh_session(module, result, required=("application_key", "application_secret")) as client:
        if client.settings.oauth2:
            module.fail_json(msg="consumer keys belong to an application: ovh_consumer_key needs application_key and application_secret, "
                                 "not a service account (client_id %s)" % client.settings.client_id)
        try:
            # With store_in, the file's lock is held from reading the stored key to storing the new one: parallel
            # forks asking for the same section get one key (the first requests it, the others find it stored).
            with locked(store_path_target(store_path)) if store_path else contextlib.ExitStack():
                request_key(module, client, rules, allowed_ips, store_path, return_key, result)
        except StateFileError as exc:
            module.fail_json(msg="store_in: %s" % exc)


def request_key(module, client, rules, allowed_ips, store_path, return_key, result):
    params = module.params
    settings = client.settings
    if store_path:
        foreign = foreign_application(store_path, settings.endpoint, settings.application_key, settings.application_secret)
        if foreign:
            # Writing this application's consumer key (and key) there would pair it with another
            # application's secret: refuse before any request. The values are never shown.
            module.fail_json(msg="store_in: section [%s] of %s holds the %s of another application than this task's; "
                                 "storing this application's consumer key there would pair it with the wrong secret. "
                                 "Give another file, or remove that application's keys from the section first"
                                 % (settings.endpoint, store_path, foreign))
        candidate = read_ini_value(store_path, settings.endpoint, "consumer_key")
        source = "store_in %s [%s] consumer_key" % (store_path, settings.endpoint)
    else:
        candidate = settings.consumer_key
        source = settings.sources.get("consumer_key") or "option consumer_key, OVH_CONSUMER_KEY or ovh.conf"
    if candidate:
        module.no_log_values.add(candidate)
    result.update(changed=False, consumer_key=None, validation_url=None, status=None, credential_id=None, expiration=None,
                  rules=rules, allowed_ips=allowed_ips, stored_in=None)
    pending = PendingKeys(warn=module.warn)
    answer = None

    try:
        kept, reason, refused_here, waiting = (None, "force is set", None, False) if params["force"] else \
            check_configured_key(client, candidate, source, rules, allowed_ips)
        if refused_here is not None:
            # Validated, but not from here: a new key would need the customer's approval on every run.
            # The API error's fields, but status stays the key's (the HTTP status is in the message).
            result.update(refused_here.as_result(), status="validated", stored_in=store_path)
            module.fail_json(msg="%s is validated, but the API refuses it from this machine's IP address, which is outside "
                                 "the key's allowed IPs (%s). Run the task from an address the key allows, widen its "
                                 "allowed IPs with signet.ovh.ovh_credential (from such an address or with another key), "
                                 "or set force: true to request a new key" % (reason, refused_here), **result)
        if kept is not None:
            result.update(status="validated", credential_id=kept.get("credentialId"), expiration=kept.get("expiration"),
                          stored_in=store_path)
            module.exit_json(msg=reason + "; kept it", **result)
        validation_url = pending.find(store_path, settings.endpoint, candidate, rules, allowed_ips) if waiting and store_path else None
        if validation_url:
            # Requested by a parallel fork or an earlier run, for the same rules: the same key and URL, not a second key.
            reason = ("the consumer key stored in %s [%s] was requested for these rules by an earlier or parallel task and "
                      "waits for the customer's approval; no new key requested" % (store_path, settings.endpoint))
            answer = {"consumerKey": candidate, "validationUrl": validation_url, "state": "pendingValidation"}
            if module.check_mode:
                result.update(validation_url=validation_url, status="pendingValidation", stored_in=store_path)
                module.exit_json(msg=reason, **result)
        else:
            result["changed"] = True
            reason += "; a new consumer key %s requested" % ("would be" if module.check_mode else "was")
            if module.check_mode:
                module.exit_json(msg=reason, **result)
            body = {"accessRules": rules}
            if params["redirection"] is not None:
                body["redirection"] = params["redirection"]
            if allowed_ips is not None:
                body["allowedIPs"] = allowed_ips
            answer = client.call("POST", "/auth/credential", body=body, auth=False).data or {}
    except OvhApiError as exc:
        msg = None
        if exc.method == "POST" and exc.may_have_applied:
            msg = ("%s; a consumer key may have been created meanwhile, but nobody can approve it without its validation "
                   "URL: run the task again" % exc)
        elif exc.method == "POST":
            result["changed"] = False  # the request never reached the API, or the API refused it: no key exists
        fail_on_api_error(module, exc, msg=msg, client=client, **result)
    if not isinstance(answer, dict):
        module.fail_json(msg="POST /auth/credential answered %s, not a new consumer key" % type(answer).__name__, **result)
    consumer_key, validation_url = answer.get("consumerKey"), answer.get("validationUrl")
    if not consumer_key:
        module.fail_json(msg="POST /auth/credential answered without a consumer key: %r" % sorted(answer), **result)
    if not return_key:
        module.no_log_values.add(consumer_key)
    result.update(validation_url=validation_url, status=answer.get("state"), consumer_key=consumer_key if return_key else None)
    if store_path and result["changed"]:
        pending.remember(store_path, settings.endpoint, consumer_key, rules, allowed_ips, validation_url)

    if params["wait"]:
        waiter = client_for_key(client, consumer_key)
        try:
            state, data, error = wait_for_validation(waiter, params["wait_timeout"])
        except OvhApiError as exc:
            state, data, error = "error", None, exc
        finally:
            waiter.close()
        if state in ("timeout", "error"):
            # The key exists and may still be approved: keep it where a later run finds it.
            if store_path:
                store_key(module, store_path, settings, consumer_key, result)
                result["stored_in"] = store_path
                later = ("the pending key was stored in %s [%s]: once approved, it is usable and the next run keeps it"
                         % (store_path, settings.endpoint))
            elif return_key:
                later = "the pending key is returned in consumer_key: once approved, it is usable"
            else:
                later = "the key was neither stored nor returned (return_consumer_key is false): run the task again"
            if state == "error":
                fail_on_api_error(module, error, client=client,
                                  msg="waiting for the approval of the consumer key (validation URL: %s) failed: %s; %s"
                                  % (validation_url, error, later), **result)
            module.fail_json(msg="the consumer key was not approved within %s seconds (last answer: %s). The customer must open "
                                 "%s, log in and authorize the access; %s. Or run again with a longer wait_timeout"
                                 % (params["wait_timeout"], error.message if error else "pendingValidation", validation_url, later),
                             **result)
        if store_path:
            pending.forget(store_path, settings.endpoint, consumer_key, rules, allowed_ips)  # approved or refused: no longer pending
        if state == "ip_refused":
            # Approved, so the customer's approval is kept; but it cannot be used from here.
            result["status"] = "validated"
            stored = ""
            if store_path:
                store_key(module, store_path, settings, consumer_key, result)
                result["stored_in"] = store_path
                stored = ("; it was stored in %s [%s] all the same (a later run from here fails the same way, unless "
                          "force is set)" % (store_path, settings.endpoint))
            result.update(error.as_result(), status="validated")
            module.fail_json(msg="the consumer key was approved (validation URL: %s), but the API refuses it from this machine's "
                                 "IP address, which is outside its allowed_ips (%s): %s. Use the key from an address in those "
                                 "ranges, or request a key whose allowed_ips include this machine%s"
                                 % (validation_url, ", ".join(allowed_ips or ["none requested"]), error, stored), **result)
        if state != "validated":
            result["status"] = state
            module.fail_json(msg="the consumer key was %s instead of approved (validation URL: %s); the key cannot be used, "
                                 "request a new one" % (state, validation_url), **result)
        result.update(status="validated")
        if data:
            result.update(credential_id=data.get("credentialId"), expiration=data.get("expiration"))

    if store_path:
        store_key(module, store_path, settings, consumer_key, result)
        result["stored_in"] = store_path
    module.exit_json(msg=reason, **result)


if __name__ == "__main__":
    main()
