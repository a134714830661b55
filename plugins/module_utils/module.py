# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the connection options and building the client from them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.signet.ovh.plugins.module_utils.client import DEFAULT_MAX_ANSWER_MB, OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.masking import mask_secrets, secret_forms
from ansible_collections.signet.ovh.plugins.module_utils.transport import REQUESTS_IMPORT_ERROR, TransportError
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError, endpoint_password, resolve_settings

ALL_CREDENTIALS = ("application_key", "application_secret", "consumer_key")


def ovh_argument_spec():
    """The options of the doc fragment signet.ovh.ovh."""
    return dict(
        endpoint=dict(type="str", fallback=(env_fallback, ["OVH_ENDPOINT"])),
        application_key=dict(type="str", no_log=False, fallback=(env_fallback, ["OVH_APPLICATION_KEY"])),
        application_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["OVH_APPLICATION_SECRET"])),
        consumer_key=dict(type="str", no_log=True, fallback=(env_fallback, ["OVH_CONSUMER_KEY"])),
        client_id=dict(type="str", no_log=False, fallback=(env_fallback, ["OVH_CLIENT_ID"])),
        client_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["OVH_CLIENT_SECRET"])),
        config_file=dict(type="path"),
        timeout=dict(type="float", default=30.0),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        allow_insecure_http=dict(type="bool", default=False),
        rate_limit=dict(type="float"),
        max_answer_size=dict(type="int", default=DEFAULT_MAX_ANSWER_MB),
    )


def ovh_module(argument_spec, **kwargs):
    """An AnsibleModule with the shared options added to ``argument_spec``."""
    spec = ovh_argument_spec()
    spec.update(argument_spec)
    return AnsibleModule(argument_spec=spec, **kwargs)


def ovh_client(module, required=ALL_CREDENTIALS):
    """Resolve settings and build the client, or fail the task with a clear message."""
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    if module.params["timeout"] <= 0:
        module.fail_json(msg="timeout must be a positive number of seconds, got %s" % module.params["timeout"])
    userinfo = endpoint_password(module.params["endpoint"])
    if userinfo:
        # Refused below, and never shown, in the invocation (-vvv) included.
        module.no_log_values.update(part for part in (userinfo, userinfo.split(":", 1)[-1]) if part)
    try:
        settings = resolve_settings(module.params, required=required)
    except OvhConfigError as exc:
        module.fail_json(msg=str(exc))
    # Secrets read from ovh.conf are not module options: mask them in any output too, in every
    # form an error text can carry them (escaped, JSON, URL-encoded).
    for secret in settings.secrets():
        module.no_log_values.update(form for form in secret_forms(secret) if len(form) >= 8)
    params = module.params
    try:
        return OvhClient(settings, timeout=params["timeout"], validate_certs=params["validate_certs"], ca_path=params["ca_path"],
                         allow_insecure_http=params["allow_insecure_http"], rate_limit=params["rate_limit"],
                         max_answer_size=params["max_answer_size"], warn=module.warn)
    except TransportError as exc:
        module.fail_json(msg=str(exc))


def fail_on_api_error(module, error, msg=None, client=None, **result):
    """Fail the task with the API error's message (or ``msg``) and fields, secrets masked."""
    if client is not None:
        error.masked(client.secrets())
    result.update(error.as_result())
    text = msg or str(error)
    if client is not None:
        text = mask_secrets(text, client.secrets())
    module.fail_json(msg=text, **result)
