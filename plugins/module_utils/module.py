# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the connection options, building the client and always closing it,
turning failures into task results with the right ``changed``, the wait options, and diffs.

A module holds its options, its plan and its result; the rest is here::

    module = ovh_module(dict(name=dict(type="str", required=True), **wait_options(timeout=600)),
                        supports_check_mode=True)
    check_wait_options(module)
    result = dict(changed=False)
    with ovh_session(module, result) as client:
        ...  # read, plan, write; set result["changed"] as soon as a write was accepted
    module.exit_json(**with_diff(module, result, before, after))
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.client import ALL_CREDENTIALS, DEFAULT_MAX_ANSWER_MB, client_from_options
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TaskFailed, WaitTimeout
from ansible_collections.signet.ovh.plugins.module_utils.masking import mask_secrets, secret_forms, url_userinfo
from ansible_collections.signet.ovh.plugins.module_utils.transport import REQUESTS_IMPORT_ERROR, TransportError
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError


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
    """Resolve settings and build the client (client_from_options), or fail the task with a clear message."""
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    userinfo = url_userinfo(module.params["endpoint"])
    if userinfo:
        # Refused below, and never shown, in the invocation (-vvv) included.
        module.no_log_values.update(part for part in (userinfo, userinfo.split(":", 1)[-1]) if part)

    def hide_secrets(settings):
        # Secrets read from ovh.conf are not module options: mask them in any output too, in every
        # form an error text can carry them (escaped, JSON, URL-encoded).
        for secret in settings.secrets():
            module.no_log_values.update(form for form in secret_forms(secret) if len(form) >= 8)

    try:
        return client_from_options(module.params, warn=module.warn, required=required, on_settings=hide_secrets)
    except (OvhConfigError, TransportError) as exc:
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


@contextlib.contextmanager
def ovh_session(module, result, required=ALL_CREDENTIALS, what_goes_on="it goes on: run the task again to wait more", task_failed=None,
                last_read="task"):
    """The task's client, closed whatever happens. A failure escaping the block ends the task with
    ``result`` as it stands (so its ``changed`` says whether a write was accepted before):

    - an API error, with its status, class, message and QueryID (secrets masked); a write the API
      answered 2xx whose answer could not be used sets ``changed``, since it was carried out;
    - a task that ended in a failure state (``task_failed`` names what failed), or a wait that ended
      first (WaitTimeout: ``what_goes_on`` says what to do, a text or a function of the exception and
      ``result`` giving one or None); the last read goes in ``result[last_read]``, in snake_case;
    - an answer that is not what the route promises (ValueError from a task read);
    - a file the task writes (a kubeconfig, a key file) that cannot be read or written (StateFileError).
    Input errors are checked before the session; an InputError raised inside fails likewise."""
    client = ovh_client(module, required)
    try:
        yield client
    except OvhApiError as exc:
        if exc.accepted_write:  # answered 2xx: it was carried out, only its answer could not be used
            result["changed"] = True
        fail_on_api_error(module, exc, client=client, **result)
    except TaskFailed as exc:
        result[last_read] = snake_keys(exc.task)
        module.fail_json(msg="%s: %s" % (task_failed, exc) if task_failed else str(exc), **result)
    except WaitTimeout as exc:
        result[last_read] = snake_keys(exc.last)
        then = what_goes_on(exc, result) if callable(what_goes_on) else what_goes_on
        module.fail_json(msg="%s; %s" % (exc, then) if then else str(exc), **result)
    except (ValueError, StateFileError) as exc:  # InputError included; a file the task writes that cannot be
        module.fail_json(msg=str(exc), **result)
    finally:
        client.close()


def send_writes(module, client, result, writes):
    """Send the planned ``writes`` in order, unless in check mode; returns the answers' data, in order.

    Each write is ``(method, path, body)`` or ``(method, path, body, shape)`` (the shape its answer must
    have). ``result["changed"]`` turns true as soon as the API accepts one, so a later failure (which
    ``ovh_session`` reports) still says a write was made; in check mode it says whether any would be."""
    answers = []
    if module.check_mode:
        result["changed"] = result.get("changed", False) or bool(writes)
        return answers
    for write in writes:
        method, path, body = write[:3]
        answers.append(client.call(method, path, body=body, shape=write[3] if len(write) > 3 else None).data)
        result["changed"] = True
    return answers


def check_input(module, function, *args, **kwargs):
    """``function(*args, **kwargs)``, or the task fails with the InputError's message (nothing sent)."""
    try:
        return function(*args, **kwargs)
    except InputError as exc:
        module.fail_json(msg=str(exc))


def wait_options(wait=True, timeout=600, poll_interval=None):
    """The options of a module that waits for what it started: ``wait``, ``wait_timeout`` (seconds)
    and, where the poll interval is the user's to choose, ``poll_interval`` (seconds).

    Rule: ``wait`` defaults to true where the change is short (seconds to minutes) and the next task
    needs it done; false where it takes long (a reinstall) or may wait on a person (a key's approval)."""
    spec = dict(wait=dict(type="bool", default=wait), wait_timeout=dict(type="int", default=timeout))
    if poll_interval is not None:
        spec["poll_interval"] = dict(type="float", default=poll_interval)
    return spec


def check_wait_options(module):
    """Fail before any request on a negative wait_timeout or a poll_interval that is not positive."""
    timeout, interval = module.params.get("wait_timeout"), module.params.get("poll_interval")
    if timeout is not None and timeout < 0:
        module.fail_json(msg="wait_timeout must be 0 or more seconds, got %s" % timeout)
    if interval is not None and interval <= 0:
        module.fail_json(msg="poll_interval must be more than 0 seconds, got %s" % interval)


def with_diff(module, result, before, after):
    """``result`` with ``diff`` (before and after) in diff mode only."""
    if module._diff:  # pylint: disable=protected-access
        result["diff"] = {"before": before, "after": after}
    return result
