"""ovh_consumer_key in-process (tests/module_runner.py) against the emulator."""


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
