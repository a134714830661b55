# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public Cloud S3 object storage: a user's S3 credentials and policy, and buckets.

- ``bucket_name`` checks S3's naming rules before any request;
- ``read_bucket``/``bucket_result`` read a bucket (``…/region/{region}/storage/{name}``) and give it in
  snake_case; ``object_keys`` pages through its objects (for ``force``);
- ``credentials``/``read_secret``/``create_credential`` list a user's access keys, read one's secret (the API's
  secret route, a POST that changes nothing) and make a key; every access key and secret is checked (one line of
  printable text, never quoted when wrong) before it can reach the file; ``credentials_file`` is the AWS credentials-file profile written to
  ``secret_path``, ``write_secret_file`` writes it 0600 under a lock, only when it differs;
- ``policy_value``/``read_policy`` parse a user's S3 policy (dict or JSON text) to compare it as data.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import json
import os
import re

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError, find_user, project_path, secret_call
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.shapes import Shape
from ansible_collections.signet.ovh.plugins.module_utils.state_files import write_private_file

# objectsCount decides whether a bucket may be deleted and is quoted in a message: an integer, checked.
BUCKET = Shape("object", ("name", "objectsCount"), "an S3 bucket",
               fields={"objectsCount": Shape("integer", what="an integer count"),
                       "objects": Shape("objects", what="a list of objects"),
                       "encryption": Shape("object", what="an encryption object or null", nullable=True),
                       "versioning": Shape("object", what="a versioning object or null", nullable=True)})
ACCESS_KEY = Shape("text", what="an access key (a string)")
SECRET_KEY = Shape("text", what="a secret (a string)")
CREDENTIALS = Shape("objects", ("access",), "a list of S3 credentials", fields={"access": ACCESS_KEY})
CREDENTIAL_WITH_SECRET = Shape("object", ("access", "secret"), "new S3 credentials",
                               fields={"access": ACCESS_KEY, "secret": SECRET_KEY})
SECRET = Shape("object", ("secret",), "an S3 secret", fields={"secret": SECRET_KEY})
POLICY = Shape("object", ("policy",), "a user's S3 policy")
ROLES = ("admin", "deny", "readOnly", "readWrite")  # cloud.storage.PolicyRoleEnum
PAGE = 1000
# \Z, not $: $ also matches before a final line break ("name\n" would pass).
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\Z")
_PROFILE = re.compile(r"^[A-Za-z0-9_.-]{1,64}\Z")
# An access key or a secret is a value on one line of the credentials file (and the access key a path
# segment): 8 to 256 printable ASCII characters, no space (S3 keys are hexadecimal or base64 text). Anything
# else in an answer (a line break would add lines, a profile, to the file) is refused.
_KEY_TEXT = re.compile(r"^[\x21-\x7e]{8,256}\Z")
# What a bucket without a setting (the object or its field null, as the schema allows) has.
DEFAULT_SETTINGS = {"encryption": ("sseAlgorithm", "plaintext"), "versioning": ("status", "disabled")}


def bucket_name(value, option="name"):
    """S3's bucket naming rules: 3 to 63 lowercase letters, digits, dots and dashes, a letter or digit at
    each end, no two adjacent dots, not an IPv4 address, no ``xn--`` prefix nor ``-s3alias`` suffix."""
    problem = None
    if not isinstance(value, str) or not _BUCKET.match(value):
        problem = "3 to 63 lowercase letters, digits, dots or dashes, starting and ending with a letter or a digit"
    elif ".." in value:
        problem = "no two adjacent dots"
    elif value.startswith("xn--") or value.endswith("-s3alias"):
        problem = "no xn-- prefix and no -s3alias suffix"
    else:
        try:
            ipaddress.IPv4Address(value)
            problem = "not an IP address"
        except ValueError:
            pass
    if problem:
        raise CloudInputError("%s %s is not a valid S3 bucket name: %s" % (option, printable(str(value)), problem))
    return value


def bucket_path(project, region, name=None, *parts):
    if name is None:
        return project_path(project, "region", region, "storage")
    return project_path(project, "region", region, "storage", name, *parts)


def read_bucket(client, project, region, name):
    """The bucket (cloud.StorageContainer, its first page of objects), or None."""
    return client.get_or_none(bucket_path(project, region, name), shape=BUCKET)


def bucket_result(bucket):
    """A bucket in snake_case, without its objects (``objects_count`` says how many)."""
    if bucket is None:
        return None
    data = snake_keys(dict((key, value) for key, value in bucket.items() if key != "objects"))
    data["encryption"] = (bucket.get("encryption") or {}).get("sseAlgorithm")
    data["versioning"] = (bucket.get("versioning") or {}).get("status")
    return data


def bucket_setting(bucket, key):
    """The bucket's ``encryption`` or ``versioning`` value, a null object or field read as the default."""
    field, default = DEFAULT_SETTINGS[key]
    return ((bucket or {}).get(key) or {}).get(field) or default


def object_path(project, region, name, key):
    """The path of one object of the bucket. The key is one path segment whatever it holds: every character
    but letters, digits and ``_.-~`` is quoted (``/``, ``?``, ``#`` and ``%`` included), so the path ends at
    the object. A key that is ``.`` or ``..`` (or empty) cannot be one: servers resolve such a segment,
    quoted or not, to another route; ``unaddressable_keys`` finds them before anything is deleted."""
    if key in unaddressable_keys([key]):
        raise ValueError("object key %s of bucket %s cannot be a path segment of the API" % (printable(str(key)), printable(name)))
    return bucket_path(project, region, name, "object", key)


def unaddressable_keys(keys):
    """The keys the API's object route cannot take as one path segment (not a string, empty, ``.``, ``..``)."""
    return [key for key in keys if not isinstance(key, str) or key in ("", ".", "..")]


def object_keys(client, project, region, name, expected=None):
    """Every object key of the bucket, page by page (``limit``, ``marker``). A page shorter than asked ends the
    list, unless fewer keys than the ``expected`` count (the bucket's objectsCount) came: an API that caps its
    pages lower than ``limit`` is read on until a page comes back empty."""
    keys, marker = [], None
    while True:
        query = {"limit": PAGE}
        if marker is not None:
            query["marker"] = marker
        page = [item.get("key") for item in client.get(bucket_path(project, region, name), query=query, shape=BUCKET).get("objects") or ()
                if isinstance(item, dict) and isinstance(item.get("key"), str)]
        keys.extend(page)
        if not page or (len(page) < PAGE and (expected is None or len(keys) >= expected)):
            return keys
        if marker is not None and page[-1] <= marker:
            # Keys come in order after the marker: a page that does not move on would be read forever.
            raise ValueError("the objects of bucket %s: the API's page did not move past marker %s" % (
                printable(name), printable(marker)))
        marker = page[-1]


def user_id_of(client, project, description, user_id, option="user"):
    """The id of the user given by ``user_id``, else by its description (one GET of the users)."""
    if user_id is not None:
        return user_id
    user = find_user(client, project, description, option=option)
    if user is None:
        raise CloudInputError("%s %s: no user of the project %s has this description" % (option, printable(description), project))
    return user["id"]


def credentials_path(project, user_id, *parts):
    return project_path(project, "user", str(user_id), "s3Credentials", *parts)


def access_key(value):
    """An access key of an answer, checked (not a secret: quoted when wrong)."""
    if not _KEY_TEXT.match(value):
        raise ValueError("the API answered an access key that is not 8 to 256 printable characters without spaces: %s" % (
            printable(value)))
    return value


def secret_key(value, access, created=False):
    """The secret of ``access`` in an answer, checked; never quoted, whatever it holds."""
    if not _KEY_TEXT.match(value):
        created_hint = "; the key was created: delete it (state=absent, access_key=%s) or use another" % access if created else ""
        raise ValueError("the API answered a secret for access key %s that is not 8 to 256 printable characters without "
                         "spaces (it is not shown)%s" % (access, created_hint))
    return value


def credentials(client, project, user_id):
    """The user's S3 access keys (cloud.user.S3Credentials: no secret), in the API's order, each checked."""
    keys = client.get(credentials_path(project, user_id), shape=CREDENTIALS)
    for key in keys:
        access_key(key["access"])
    return keys


def read_secret(client, project, user_id, access):
    """The secret of one access key, from the API's secret route (a POST that changes nothing)."""
    answer = secret_call(client, "POST", credentials_path(project, user_id, access, "secret"), SECRET, "the secret",
                         read=True)
    return secret_key(answer["secret"], access)


def create_credential(client, project, user_id):
    """POST …/s3Credentials: a new key, (access, secret), both checked (a wrong one raises ValueError)."""
    created = secret_call(client, "POST", credentials_path(project, user_id), CREDENTIAL_WITH_SECRET, "the secret")
    access = access_key(created["access"])
    return access, secret_key(created["secret"], access, created=True)


def profile_name(value, option="secret_profile"):
    if not isinstance(value, str) or not _PROFILE.match(value):
        raise CloudInputError("%s must be 1 to 64 letters, digits, dots, dashes or underscores, got %s" % (
            option, printable(str(value))))
    return value


def secret_file_path(value, option="secret_path"):
    """An absolute path whose directory exists (the file itself may not)."""
    path = os.path.abspath(os.path.expanduser(value))
    if not os.path.isdir(os.path.dirname(path)):
        raise CloudInputError("%s %s: the directory %s does not exist" % (option, printable(value), printable(os.path.dirname(path))))
    if os.path.isdir(path):
        raise CloudInputError("%s %s is a directory, not a file" % (option, printable(value)))
    return path


def credentials_file(profile, access, secret):
    """The AWS credentials-file profile (what the AWS CLI, boto3, rclone's s3 backend and s3cmd read)."""
    return "[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (profile, access, secret)


def write_secret_file(path, content, check_mode):
    """Write ``content`` to ``path`` (0600, atomic, under the file's lock) when the bytes or the mode
    differ (state_files.write_private_file); return whether it did (or would, in check mode)."""
    return write_private_file(path, content, check_mode)[0]


def policy_value(value, option="policy"):
    """A user's S3 policy given as a dict or as JSON text: the parsed JSON object."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise CloudInputError("%s is not valid JSON: %s" % (option, exc))
    if not isinstance(value, dict):
        raise CloudInputError("%s must be a JSON object (an S3 policy with its Statement list), got %s" % (
            option, type(value).__name__))
    return value


def policy_path(project, user_id):
    return project_path(project, "user", str(user_id), "policy")


def read_policy(client, project, user_id):
    """The user's S3 policy, parsed (the API keeps it as JSON text); text that is not JSON is kept as text."""
    text = client.get(policy_path(project, user_id), shape=POLICY)["policy"]
    try:
        return json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return text


def policy_text(policy):
    """The policy as the JSON text the API takes (keys sorted, so that the same policy is the same text)."""
    return json.dumps(policy, sort_keys=True, separators=(",", ":"))
