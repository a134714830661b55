"""ovh_consumer_key in-process (tests/module_runner.py) against the emulator."""

import shutil

from api_log import write_statuses
from emulator.customer import Customer
from emulator.seed import DEMO_APPLICATION_KEY
from module_runner import seed_time_offset
from tamper import tamper, without


def test_consumer_key_store_in_a_directory_is_refused(modules, emulator, tmp_path):
    args = {"access_rules": [{"path": "/me", "method": "GET"}], "store_in": str(tmp_path), "consumer_key": None}
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", dict(modules.module_credentials(), **args), credentials=False)
    assert rc == 1 and result["msg"] == "store_in: %s is a directory, not an ovh.conf file" % tmp_path, result
    assert emulator.log == []


def test_consumer_key_neither_stored_nor_returned_says_so(modules, emulator):
    credentials = modules.module_credentials()
    del credentials["consumer_key"]
    args = dict(credentials, access_rules=[{"path": "/me", "method": "GET"}], wait=True, wait_timeout=1, return_consumer_key=False)
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", args, credentials=False)
    assert rc == 1, result
    assert "the key was neither stored nor returned (return_consumer_key is false): run the task again" in result["msg"], result["msg"]
    assert result["consumer_key"] is None
    (pending,) = emulator.pending_validations()
    assert pending["consumer_key"] not in output


def consumer_key_args(modules, **extra):
    credentials = modules.module_credentials()
    del credentials["consumer_key"]
    return dict(credentials, access_rules=[{"path": "/me", "method": "GET"}], **extra)


def test_consumer_key_expiring_by_the_server_clock_is_replaced(modules, emulator):
    # The client's idea of the server time is 50 s ahead (within the API's 60 s signature window):
    # a key the API still takes, expiring in 30 s, is expired by the server time the module reckons with.
    seed_time_offset(modules.cache, emulator.base_url, 50)
    key = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], validity=30)
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, consumer_key=key), credentials=False)
    assert (rc, result["changed"], result["status"]) == (0, True, "pendingValidation"), result
    assert result["msg"] == "the configured consumer key (option consumer_key) is expired; a new consumer key was requested"
    assert [(entry["path"], entry["status"]) for entry in emulator.log] == [("/auth/currentCredential", 200), ("/auth/credential", 200)]
    (pending,) = emulator.pending_validations()
    assert result["consumer_key"] == pending["consumer_key"] and key not in output


def test_consumer_key_store_in_unwritable(modules, emulator, tmp_path):
    # A missing directory is found before any request: no key is created that nobody stores.
    store_in = tmp_path / "missing" / "ovh.conf"
    rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, store_in=str(store_in)), credentials=False)
    assert rc == 1 and result["msg"] == "store_in: directory %s does not exist" % store_in.parent, result
    assert write_statuses(emulator) == [] and emulator.pending_validations() == []
    # The directory goes away while the module waits for the approval: the failure says the key
    # was created, with its validation URL, and changed is true.
    store_in = tmp_path / "vanishing" / "ovh.conf"
    store_in.parent.mkdir()

    def approve_and_remove(item):
        emulator.validate_consumer_key(item["consumer_key"])
        shutil.rmtree(str(store_in.parent))  # the lock file held beside ovh.conf included
    with Customer(emulator, approve_and_remove, clock=modules.clock) as customer:
        rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules, store_in=str(store_in), wait=True),
                                          credentials=False)
    validation_url = customer.answered[0]["validation_url"]
    assert (rc, result["changed"], result["status"], result["validation_url"]) == (1, True, "validated", validation_url), result
    assert result["msg"] == ("store_in: directory %s does not exist; the consumer key was created (validation URL: %s) but is not "
                             "stored: run the task again once store_in can be written" % (store_in.parent, validation_url))
    assert customer.answered[0]["consumer_key"] not in _output
    assert write_statuses(emulator) == [("POST", "/auth/credential", 200)]


def test_consumer_key_answer_without_the_key(modules, emulator, monkeypatch):
    tamper(monkeypatch, "POST", "/auth/credential", without("consumerKey"))
    rc, result, _output = modules.run("signet.ovh.ovh_consumer_key", consumer_key_args(modules), credentials=False)
    assert (rc, result["changed"], result["consumer_key"]) == (1, True, None), result
    assert result["msg"] == "POST /auth/credential answered without a consumer key: ['state', 'validationUrl']"
    assert write_statuses(emulator) == [("POST", "/auth/credential", 200)]
