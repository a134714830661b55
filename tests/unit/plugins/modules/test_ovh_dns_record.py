"""ovh_dns_record in-process (tests/module_runner.py) against the emulator."""

from api_log import writes


def test_dns_record_delete_of_a_record_already_gone_is_not_an_error(modules, emulator):
    # Another client deleted the record between the read and the DELETE: the API answers 404.
    emulator.add_fault(status=404, count=1, method="DELETE")
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "www", "type": "CNAME",
                                                                   "state": "absent"})
    assert rc == 0 and result["changed"], result
    assert [entry["status"] for entry in writes(emulator) if entry["method"] == "DELETE"] == [404]
