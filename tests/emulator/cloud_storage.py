"""Public Cloud S3 object storage: users' S3 credentials and policies, and buckets (schemas/cloud.json).

Routes:

- ``GET/POST /cloud/project/{serviceName}/user/{userId}/s3Credentials``: a user's access keys
  (cloud.user.S3Credentials, no secret); the POST makes one and answers
  cloud.user.S3CredentialsWithSecret, the only answer holding the secret besides the secret route;
- ``GET/DELETE …/s3Credentials/{access}`` and ``POST …/s3Credentials/{access}/secret``
  (cloud.user.S3CredentialsSecretOnly: a POST that changes nothing, as the API's);
- ``GET/POST …/user/{userId}/policy``: the user's S3 policy (cloud.storage.PolicyRaw, the JSON text kept as
  sent);
- ``GET/POST /cloud/project/{serviceName}/region/{regionName}/storage`` (cloud.StorageContainer),
  ``GET/PUT/DELETE …/storage/{name}`` (``limit``, ``marker`` and ``prefix`` page the objects of the GET),
  ``POST …/storage/{name}/policy/{userId}`` (cloud.storage.AddContainerPolicy: a user's role on the bucket; the
  schema has no route that reads it back, so it is held on the bucket for tests only) and
  ``DELETE …/storage/{name}/object/{objectKey}``.

The users themselves are the project's (``Project.users``, ``cloud.user_of``), served by cloud_users.py.
Bucket regions are the project's S3 regions (``storage-s3-*`` components: GRA and SBG in the seed).

Inferred wordings and behaviours (the API documents none of them): an invalid bucket name (400 "Invalid
container name: …", the S3 naming rules), a bucket name already taken (409 "Container {name} already
exists"), deleting a bucket that holds objects (409 "The bucket you tried to delete is not empty", S3's
BucketNotEmpty text), going back to versioning ``disabled`` once enabled (400 "Versioning cannot be disabled
once enabled, suspend it instead", S3's rule), an unknown bucket or key (404 in the API's "requested object"
wording), a user's policy never set (``{"Statement": []}``), an S3 credential's ``userId`` (the user's
OpenStack id) and ``tenantId`` (the project id), a bucket created without ``ownerId`` (owned by the
project's first user, 0 when it has none), the default page of objects (1000).

Seed: ``cloudStorage`` (``[{projectId, s3Credentials: [{userId, access, secret}], policies: {userId:
text}, buckets: [{region, name, ownerId, encryption, versioning, objects: [{key, size}]}]}]``).
"""

import hashlib
import ipaddress
import json
import re
import secrets

from .cloud import project_of, project_region, user_of
from .errors import ApiError, bad_request, object_not_found
from .product import Product, iso_date, only_keys

S3_SERVICES = ("storage-s3-high-perf", "storage-s3-standard")
ENCRYPTIONS = ("AES256", "plaintext")  # cloud.storage.EncryptionAlgorithmEnum
VERSIONINGS = ("disabled", "enabled", "suspended")  # cloud.storage.VersioningStatusEnum
ROLES = ("admin", "deny", "readOnly", "readWrite")  # cloud.storage.PolicyRoleEnum
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\Z")  # \Z: $ would let a final line break in
DEFAULT_PAGE = 1000
EMPTY_POLICY = json.dumps({"Statement": []})


def _hex(length):
    return secrets.token_hex(length // 2)


def _not_found(name, value):
    return ApiError(404, "NOT_FOUND", f"The requested object ({name} = {value}) does not exist")


class Bucket:
    """An S3 bucket of a project's region; ``roles`` (user id -> role name) is what the policy route set."""

    def __init__(self, region, name, owner_id, created, encryption=None, versioning=None, objects=()):
        self.region = region
        self.name = name
        self.owner_id = owner_id
        self.created = created
        self.encryption = encryption or "plaintext"
        self.versioning = versioning or "disabled"
        self.objects = {}
        for item in objects:
            self.add_object(item["key"], item.get("size", 0), created)
        self.roles = {}

    def add_object(self, key, size, when, storage_class="STANDARD"):
        self.objects[key] = {"key": key, "size": size, "etag": hashlib.md5(key.encode()).hexdigest(),
                             "lastModified": iso_date(when), "storageClass": storage_class}

    def to_api(self, limit=DEFAULT_PAGE, marker=None, prefix=None):
        keys = sorted(key for key in self.objects if (prefix is None or key.startswith(prefix))
                      and (marker is None or key > marker))
        return {
            "name": self.name, "region": self.region, "ownerId": self.owner_id, "createdAt": iso_date(self.created),
            "encryption": {"sseAlgorithm": self.encryption}, "versioning": {"status": self.versioning},
            "objects": [dict(self.objects[key]) for key in keys[:limit]],
            "objectsCount": len(self.objects), "objectsSize": sum(item["size"] for item in self.objects.values()),
            "virtualHost": f"{self.name}.s3.{self.region.lower()}.io.cloud.ovh.net",
        }


def check_bucket_name(name):
    """S3's naming rules: 3 to 63 lowercase letters, digits, dots and dashes, a letter or digit at each end,
    no two dots together, not an IPv4 address (wording inferred)."""
    problem = None
    if not isinstance(name, str) or not _BUCKET.match(name):
        problem = "3 to 63 lowercase letters, digits, dots or dashes, starting and ending with a letter or a digit"
    elif ".." in name:
        problem = "no two adjacent dots"
    else:
        try:
            ipaddress.IPv4Address(name)
            problem = "not an IP address"
        except ValueError:
            pass
    if problem:
        raise bad_request(f"Invalid container name: {name} ({problem})")


# --- S3 credentials and policies ----------------------------------------------------------------

def _credentials(call):
    project = project_of(call)
    user = user_of(call, project)
    return project, user, call.state.cloud_storage.credentials.setdefault((project.project_id, user["id"]), [])


def _credential_api(project, user, credential, secret=False):
    answer = {"access": credential["access"], "tenantId": project.project_id, "userId": user["openstackId"]}
    if secret:
        answer["secret"] = credential["secret"]
    return answer


def _credential(call, keys):
    access = call.params["access"]
    for credential in keys:
        if credential["access"] == access:
            return credential
    raise _not_found("access", access)


def credential_list(call):
    """GET …/user/{userId}/s3Credentials (cloud.user.S3Credentials[], no secret)"""
    project, user, keys = _credentials(call)
    return [_credential_api(project, user, credential) for credential in keys]


def credential_create(call):
    """POST …/user/{userId}/s3Credentials (cloud.user.S3CredentialsWithSecret: the secret, this once)"""
    project, user, keys = _credentials(call)
    # The access key from a counter (reproducible, so examples can name it); the secret is random.
    number = call.state.new_id("cloud_s3_credential")
    credential = {"access": hashlib.md5(f"s3-access/{number}".encode()).hexdigest(), "secret": _hex(32)}
    keys.append(credential)
    return _credential_api(project, user, credential, secret=True)


def credential_get(call):
    """GET …/s3Credentials/{access} (cloud.user.S3Credentials, no secret)"""
    project, user, keys = _credentials(call)
    return _credential_api(project, user, _credential(call, keys))


def credential_delete(call):
    """DELETE …/s3Credentials/{access}"""
    _project, _user, keys = _credentials(call)
    keys.remove(_credential(call, keys))


def credential_secret(call):
    """POST …/s3Credentials/{access}/secret (cloud.user.S3CredentialsSecretOnly; changes nothing)"""
    _project, _user, keys = _credentials(call)
    return {"secret": _credential(call, keys)["secret"]}


def policy_get(call):
    """GET …/user/{userId}/policy (cloud.storage.PolicyRaw)"""
    project = project_of(call)
    user = user_of(call, project)
    return {"policy": call.state.cloud_storage.policies.get((project.project_id, user["id"]), EMPTY_POLICY)}


def policy_set(call):
    """POST …/user/{userId}/policy (body cloud.storage.PolicyRaw): the text must be a JSON object (inferred)."""
    project = project_of(call)
    user = user_of(call, project)
    body = call.json_body()
    only_keys(body, ("policy",))
    text = body.get("policy")
    try:
        parsed = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise bad_request("Invalid policy: a JSON object is expected")
    call.state.cloud_storage.policies[(project.project_id, user["id"])] = text


# --- buckets --------------------------------------------------------------------------------------

def _region(call):
    project = project_of(call)
    region = call.params["regionName"]
    if region not in project.regions or not set(S3_SERVICES) & set(project.regions[region]["services"]):
        project_region(call, project, service="storage-s3-standard")  # the API's 404 for the region
    return project, region


def _bucket(call):
    project, region = _region(call)
    bucket = call.state.cloud_storage.buckets.get((project.project_id, region, call.params["name"]))
    if bucket is None:
        raise _not_found("name", call.params["name"])
    return project, bucket


def _encryption(body):
    value = body.get("encryption")
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"sseAlgorithm"} or value.get("sseAlgorithm") not in ENCRYPTIONS + (None,):
        raise bad_request(f"[encryption.sseAlgorithm] Given data ({value}) does not belong to the "
                          "cloud.storage.EncryptionAlgorithmEnum enumeration")
    return value.get("sseAlgorithm")


def _versioning(body):
    value = body.get("versioning")
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"status"} or value.get("status") not in VERSIONINGS + (None,):
        raise bad_request(f"[versioning.status] Given data ({value}) does not belong to the "
                          "cloud.storage.VersioningStatusEnum enumeration")
    return value.get("status")


def bucket_list(call):
    """GET …/region/{regionName}/storage (cloud.StorageContainer[])"""
    project, region = _region(call)
    return [bucket.to_api() for (pid, where, _name), bucket in sorted(call.state.cloud_storage.buckets.items())
            if pid == project.project_id and where == region]


def bucket_create(call):
    """POST …/region/{regionName}/storage (body cloud.StorageContainerCreation)"""
    project, region = _region(call)
    body = call.json_body()
    only_keys(body, ("encryption", "name", "ownerId", "versioning"))
    name = body.get("name")
    check_bucket_name(name)
    encryption, versioning = _encryption(body), _versioning(body)
    owner = body.get("ownerId")
    if owner is not None and owner not in project.users:
        raise object_not_found(owner, "ownerId")
    if owner is None:
        owner = min(project.users) if project.users else 0
    buckets = call.state.cloud_storage.buckets
    if any(key[0] == project.project_id and key[2] == name for key in buckets):
        raise ApiError(409, "CONFLICT", f"Container {name} already exists")
    bucket = Bucket(region, name, owner, call.state.now(), encryption, versioning)
    buckets[(project.project_id, region, name)] = bucket
    return bucket.to_api()


def bucket_get(call):
    """GET …/storage/{name} (cloud.StorageContainer; ``limit``, ``marker``, ``prefix`` page its objects)"""
    _project, bucket = _bucket(call)
    limit = call.query_value("limit")
    try:
        limit = int(limit) if limit is not None else DEFAULT_PAGE
    except ValueError:
        raise bad_request(f"[limit] Given data ({limit}) is not valid for type long") from None
    return bucket.to_api(limit=limit, marker=call.query_value("marker"), prefix=call.query_value("prefix"))


def bucket_update(call):
    """PUT …/storage/{name} (body cloud.StorageContainer: only encryption and versioning are writable)"""
    _project, bucket = _bucket(call)
    body = call.json_body()
    only_keys(body, ("encryption", "versioning"))
    encryption, versioning = _encryption(body), _versioning(body)
    if versioning == "disabled" and bucket.versioning != "disabled":
        raise bad_request("Versioning cannot be disabled once enabled, suspend it instead")
    if encryption is not None:
        bucket.encryption = encryption
    if versioning is not None:
        bucket.versioning = versioning
    return bucket.to_api()


def bucket_delete(call):
    """DELETE …/storage/{name}: refused while the bucket holds objects."""
    project, bucket = _bucket(call)
    if bucket.objects:
        raise ApiError(409, "CONFLICT", "The bucket you tried to delete is not empty")
    del call.state.cloud_storage.buckets[(project.project_id, bucket.region, bucket.name)]


def bucket_policy(call):
    """POST …/storage/{name}/policy/{userId} (body cloud.storage.AddContainerPolicy)"""
    project, bucket = _bucket(call)
    user = user_of(call, project)
    body = call.json_body()
    only_keys(body, ("objectKey", "roleName"))
    if body.get("roleName") not in ROLES:
        raise bad_request(f"[roleName] Given data ({body.get('roleName')}) does not belong to the "
                          "cloud.storage.PolicyRoleEnum enumeration")
    bucket.roles[user["id"]] = (body["roleName"], body.get("objectKey"))


def object_delete(call):
    """DELETE …/storage/{name}/object/{objectKey}"""
    _project, bucket = _bucket(call)
    key = call.params["objectKey"]
    if key not in bucket.objects:
        raise _not_found("objectKey", key)
    del bucket.objects[key]


class CloudStorage(Product):
    """S3 credentials and policies of the projects' users, and the projects' buckets."""

    name = "cloud_storage"
    routes = (
        ("GET", "/cloud/project/{serviceName}/user/{userId}/s3Credentials", credential_list),
        ("POST", "/cloud/project/{serviceName}/user/{userId}/s3Credentials", credential_create),
        ("GET", "/cloud/project/{serviceName}/user/{userId}/s3Credentials/{access}", credential_get),
        ("DELETE", "/cloud/project/{serviceName}/user/{userId}/s3Credentials/{access}", credential_delete),
        ("POST", "/cloud/project/{serviceName}/user/{userId}/s3Credentials/{access}/secret", credential_secret),
        ("GET", "/cloud/project/{serviceName}/user/{userId}/policy", policy_get),
        ("POST", "/cloud/project/{serviceName}/user/{userId}/policy", policy_set),
        ("GET", "/cloud/project/{serviceName}/region/{regionName}/storage", bucket_list),
        ("POST", "/cloud/project/{serviceName}/region/{regionName}/storage", bucket_create),
        ("GET", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}", bucket_get),
        ("PUT", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}", bucket_update),
        ("DELETE", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}", bucket_delete),
        ("POST", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}/policy/{userId}", bucket_policy),
        ("DELETE", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}/object/{objectKey}", object_delete),
    )
    seed_keys = ("cloudStorage",)

    def __init__(self, state):
        super().__init__(state)
        self.credentials = {}  # (project id, user id) -> [{access, secret}]
        self.policies = {}  # (project id, user id) -> the policy's JSON text
        self.buckets = {}  # (project id, region, name) -> Bucket

    def load(self, seed):
        for data in seed.get("cloudStorage", []):
            project = data["projectId"]
            for credential in data.get("s3Credentials", []):
                self.credentials.setdefault((project, credential["userId"]), []).append(
                    {"access": credential["access"], "secret": credential["secret"]})
            for user_id, text in data.get("policies", {}).items():
                self.policies[(project, int(user_id))] = text
            for bucket in data.get("buckets", []):
                self.buckets[(project, bucket["region"], bucket["name"])] = Bucket(
                    bucket["region"], bucket["name"], bucket.get("ownerId", 0), self.state.now(),
                    bucket.get("encryption"), bucket.get("versioning"), bucket.get("objects", ()))
