"""ovh_dns_record, ovh_dns_records and ovh_dns_record_info run with the options the playbooks of
tests/integration/playbooks pass when a test does not say: in-process (tests/module_runner.py) when
called, or for real through the playbook with ``real`` (given the ``ansible`` fixture of
tests/integration). The in-process tests (tests/unit/plugins/modules) and the playbook tests
(tests/integration) share them."""

# dns_record.yml's defaults of the options it passes on.
DEFAULTS = {"zone": "example.com", "state": "present", "on_existing": "replace", "txt_transformation": "unquoted", "refresh": True}
# What dns_records.yml and dns_info.yml pass when the test does not say.
MODULES = {"dns_records.yml": ("signet.ovh.ovh_dns_records", {"zone": "example.com", "prune": False, "ignore": [], "refresh": True}),
           "dns_info.yml": ("signet.ovh.ovh_dns_record_info", {"zone": "example.com"})}


class DnsRecord(object):
    """Runs ovh_dns_record with the given options (in-process, or ``real`` through dns_record.yml)
    and returns the task result."""

    def __init__(self, ansible, modules, emulator, tmp_path):
        self.ansible = ansible
        self.modules = modules
        self.emulator = emulator
        self.result_file = tmp_path / "result.json"
        self.last_run = None

    def __call__(self, **options):
        self.emulator.clear_log()
        dummy_rc, result, dummy_output = self.modules.run("signet.ovh.ovh_dns_record", dict(DEFAULTS, **options))
        return result

    def real(self, *args, **options):
        from ovh_playbooks import read_json  # tests/integration's, where the ansible fixture is
        self.emulator.clear_log()
        options["result_file"] = str(self.result_file)
        self.last_run = self.ansible.run("dns_record.yml", *args, extra_vars=options)
        assert self.last_run.rc == 0, self.last_run
        return read_json(self.result_file)


class Runner(object):
    """Runs the module of a playbook with the given options: in-process, or ``real`` through the playbook."""

    def __init__(self, ansible, modules, emulator, tmp_path):
        self.ansible = ansible
        self.modules = modules
        self.emulator = emulator
        self.result_file = tmp_path / "result.json"

    def __call__(self, playbook, **options):
        self.emulator.clear_log()
        module, defaults = MODULES[playbook]
        rc, result, output = self.modules.run(module, dict(defaults, **options))
        assert rc == 0 or playbook == "dns_records.yml", output  # dns_records.yml saves a failure for the test
        return result

    def real(self, playbook, *args, **options):
        from ovh_playbooks import read_json  # tests/integration's, where the ansible fixture is
        self.emulator.clear_log()
        options["result_file"] = str(self.result_file)
        run = self.ansible.run(playbook, *args, extra_vars=options)
        assert run.rc == 0, run
        return read_json(self.result_file)


BULK_ZONE = "bulk.example"


def bulk_zone_records(emulator, zone=BULK_ZONE):
    """Adds ``zone`` holding exactly 200 one-record sets; returns its records."""
    records = [{"fieldType": "A", "subDomain": "host%03d" % number, "target": "192.0.2.%d" % (number % 250 + 1), "ttl": 300}
               for number in range(200)]
    emulator.add_zone("demo-ovh", zone, records)
    return records


def wanted_sets(records, changed=()):
    """The sets of ``records`` (a bulk zone's), with another address for the numbers in ``changed``."""
    sets = []
    for number, record in enumerate(records):
        target = "198.51.100.%d" % number if number in changed else record["target"]
        sets.append({"subdomain": record["subDomain"], "type": "A", "value": [target], "ttl": 300})
    return sets


def converged(emulator, subdomain="faulty", expected=("192.0.2.77",)):
    zone = emulator.zone("demo-ovh", "example.com")
    pending = sorted(r["target"] for r in zone.pending_records() if r["subDomain"] == subdomain)
    live = sorted(r["target"] for r in zone.live_records() if r["subDomain"] == subdomain)
    return pending == live == sorted(expected)
