"""The signet.ovh.ovh_api lookup against the emulator."""

from ovh_playbooks import APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY


def test_lookup_with_environment_credentials(ansible, emulator):
    env = {"OVH_ENDPOINT": emulator.base_url, "OVH_APPLICATION_KEY": APPLICATION_KEY,
           "OVH_APPLICATION_SECRET": APPLICATION_SECRET, "OVH_CONSUMER_KEY": CONSUMER_KEY}
    run = ansible.run("lookup.yml", "-vvv", env=env, credentials=False)
    assert run.rc == 0, run
    assert APPLICATION_SECRET not in run.output and CONSUMER_KEY not in run.output
    paths = [entry["path"] for entry in emulator.log]
    assert paths.count("/auth/time") == 1
    assert "/domain/zone/example.com/record" in paths


def test_lookup_without_credentials_fails_clearly(ansible, emulator):
    run = ansible.run("lookup.yml", credentials=False)
    assert run.rc != 0
    assert "no OVH endpoint configured" in run.output
    assert emulator.log == []
