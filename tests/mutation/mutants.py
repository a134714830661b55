"""Hand-made mutants of the newest code (issue 22 point 7) and a driver that runs each against its tests.

Each mutant is (id, file, text, replacement, test group): the text must occur exactly once in the
file. The driver copies the checkout (tracked and new files) into .tmp/mutation/tree, applies one
mutant at a time there (the checkout itself is never touched), runs the group's tests with
``pytest -x`` and restores the file. A mutant is killed when a test fails.

    bash tests/mutation/run.sh              # every mutant
    bash tests/mutation/run.sh T1 Z3        # some of them
Results go to .tmp/mutation/results.txt (see run.sh for MUTATION_NAME) (id, killed or SURVIVED); tests/MUTATION.md records them.
"""

UNIT = "tests/unit/plugins/"
INTEG = "tests/integration/"
GROUPS = {
    "tasks": [UNIT + "module_utils/test_servers.py", UNIT + "module_utils/test_state_files.py", UNIT + "module_utils/test_zonefile.py",
              UNIT + "module_utils/test_tasks.py", UNIT + "modules"],
    "zonefile": [UNIT + "module_utils/test_dns_zone_file.py", UNIT + "module_utils/test_zonefile.py", UNIT + "modules"],
    "zoneinfo": [UNIT + "module_utils/test_dns_zone.py", UNIT + "modules"],
    "dynhost": [UNIT + "module_utils/test_dns_zone.py", UNIT + "modules"],
    "servers": [UNIT + "module_utils/test_servers.py", UNIT + "modules"],
    "inventory": [UNIT + "module_utils/test_servers.py", INTEG + "test_inventory_pinned.py", INTEG + "test_inventory.py"],
    "domain": [UNIT + "module_utils/test_servers.py", UNIT + "module_utils/test_state_files.py", UNIT + "module_utils/test_zonefile.py",
               UNIT + "module_utils/test_domain.py", UNIT + "modules"],
    "ip": [UNIT + "module_utils/test_ip.py", UNIT + "modules", INTEG + "test_ip_reverse.py"],
    "state_files": [UNIT + "module_utils/test_state_files.py", UNIT + "modules/test_ovh_consumer_key.py",
                    UNIT + "modules/test_ovh_credential_info.py", INTEG + "test_credentials_modules.py"],
    "dnssec": [UNIT + "modules"],
}

TASKS = "plugins/module_utils/tasks.py"
ZF = "plugins/module_utils/zonefile.py"
DZ = "plugins/module_utils/dns_zone.py"
SRV = "plugins/module_utils/servers.py"
DOM = "plugins/module_utils/domain.py"
IP = "plugins/module_utils/ip.py"
REV = "plugins/modules/ovh_ip_reverse.py"
SF = "plugins/module_utils/state_files.py"
INV = "plugins/inventory/ovh.py"
INS = "plugins/modules/ovh_dedicated_server_install.py"
DS = "plugins/modules/ovh_dns_dnssec.py"

MUTANTS = [
    # tasks.py
    ("T1", TASKS, "return self.status(task) not in self.pending", "return self.status(task) in self.done + self.failed", "tasks"),
    ("T2", TASKS, 'service=quote(str(service), safe="")', "service=str(service)", "tasks"),
    ("T3", TASKS, "delay = min(delay * 2, max_delay)", "delay = min(delay * 3, max_delay)", "tasks"),
    ("T4", TASKS, "FIRST_DELAY = 1.0", "FIRST_DELAY = 2.0", "tasks"),
    ("T5", TASKS, "if kind.status(task) not in kind.done:", "if kind.status(task) in kind.failed:", "tasks"),
    ("T6", TASKS, "return kind, unquote(match.group(1)), answer", "return kind, match.group(1), answer", "tasks"),
    ("T7", TASKS, 'TaskKind("DNS zone", "/domain/zone/{service}/task/{task}", "id",\n                            pending=("todo", "doing")',
     'TaskKind("DNS zone", "/domain/zone/{service}/task/{task}", "id",\n                            pending=("init", "todo", "doing")', "tasks"),
    ("T8", TASKS, '"taskId",\n                                 pending=("init", "todo", "doing")',
     '"taskId",\n                                 pending=("todo", "doing")', "tasks"),
    ("T9", TASKS, "sleep(min(delay, left))", "sleep(delay)", "tasks"),
    ("T10", TASKS, "if not kind.is_task(task):", "if False:", "tasks"),
    # zonefile.py
    ("Z1", ZF, "self.ttl = ttl if self.ttl is None else min(self.ttl, ttl)", "self.ttl = ttl", "zonefile"),
    ("Z2", ZF, "min(self.ttl, ttl)", "max(self.ttl, ttl)", "zonefile"),
    ("Z3", ZF, "if value not in self.seen:", "if True:", "zonefile"),
    ("Z4", ZF, "if ttl < 60:", "if ttl <= 60:", "zonefile"),
    ("Z5", ZF, "MAX_GENERATE = 10000", "MAX_GENERATE = 1000", "zonefile"),
    ("Z6", ZF, "if count > MAX_GENERATE:", "if count >= MAX_GENERATE:", "zonefile"),
    ("Z7", ZF, 'if (subdomain, field_type) == ("", "NS"):', 'if field_type == "NS":', "zonefile"),
    ("Z8", ZF, "if len(cname.values) > 1:", "if len(cname.values) > 2:", "zonefile"),
    ("Z9", ZF, 'if text.startswith("\\ufeff"):', "if False:", "zonefile"),
    ("Z10", ZF, "(value == zone or value.endswith", "(value.endswith", "zonefile"),
    ("Z11", ZF, 'return tokenizer.line_number - 1 if tokenizer.ungotten_char == "\\n" else tokenizer.line_number',
     "return tokenizer.line_number", "zonefile"),
    ("Z12", ZF, 'if any("\\n" in chunk or "\\r" in chunk for chunk in strings):', 'if any("\\n" in chunk for chunk in strings):', "zonefile"),
    ("Z13", ZF, 'return " ".join(quote_string(chunk) for chunk in strings)', 'return "".join(quote_string(chunk) for chunk in strings)',
     "zonefile"),
    # zone info (dns_zone.read_zone_info, read_dnssec)
    ("ZI1", DZ, "    if export:\n", "    if not export:\n", "zoneinfo"),
    ("ZI2", DZ, 'ids += client.get(collection, {"status": status}, shape=IDS)', 'ids = client.get(collection, {"status": status}, shape=IDS)',
     "zoneinfo"),
    ("ZI3", DZ, "return [found[task_id] for task_id in sorted(found)]", "return [found[task_id] for task_id in sorted(found, reverse=True)]",
     "zoneinfo"),
    ("DY1", DZ, 'if record_id in found and (found[record_id]["subDomain"] or "").lower() == subdomain]', "if record_id in found]",
     "dynhost"),
    ("ZI4", DZ, 'if answer["status"] not in DNSSEC_STATES:', "if False:", "zoneinfo"),
    # servers.py
    ("S1", SRV, "if with_ips and objects else {}", "if objects else {}", "servers"),
    ("S2", SRV, "else network.network_address + 1)", "else network.network_address)", "servers"),
    ("S3", SRV, 'main = obj.get("ip") if product == "dedicated_server" else None', "main = None", "servers"),
    ("S4", SRV, 'variables["ovh_tags"] = dict(iam.get("tags") or {})', 'variables["ovh_tags"] = {}', "servers"),
    ("S5", SRV, "return found.group(1).lower() if found else zone", "return found.group(1).lower() if found else None", "servers"),
    ("S6", SRV, 'conditions = [{"operator": "EXISTS"}]', 'conditions = [{"operator": "NEXISTS"}]', "servers"),
    ("S7", SRV, 'if operator not in ("EXISTS", "NEXISTS"):', 'if operator != "EXISTS":', "servers"),
    ("S8", SRV, 'return task if task["status"] in TASK_KINDS["dedicated_server"].pending else None', "return task", "servers"),
    ("S9", SRV, "str(max(ids))", "str(min(ids))", "servers"),
    ("S10", SRV, "        if exc.status == 404:\n            return None\n        raise\n    return status",
     "        if exc.status == 403:\n            return None\n        raise\n    return status", "servers"),
    ("S11", SRV, "if value is not None and value != {}:", "if value is not None:", "servers"),
    ("S12", SRV, 'body["properties"] = dict((str(key), str(value)) for key, value in properties.items())',
     'body["properties"] = dict(properties)', "servers"),
    # domain.py
    ("D1", DOM, 'return (server["host"], server["ip"] or "")', 'return (server["host"],)', "domain"),
    ("D2", DOM, "if host in seen:", "if False:", "domain"),
    ("D3", DOM, 'if host != domain and not host.endswith("." + domain):', "if not host.endswith(domain):", "domain"),
    ("D4", DOM, 'for entry in entries if not entry["toDelete"]]', "for entry in entries]", "domain"),
    ("D5", DOM, '{"function": "DomainDnsUpdate", "status": status}', '{"status": status}', "domain"),
    ("D6", DOM, 'host = (item.get("host") or "").strip().rstrip(".").lower()', 'host = (item.get("host") or "").strip().rstrip(".")', "domain"),
    # ip.py and ovh_ip_reverse
    ("I1", IP, "if int(prefix) != block.max_prefixlen:", "if int(prefix) > block.max_prefixlen:", "ip"),
    ("I2", IP, 'path = "/ip/%s/reverse" % quote(str(block), safe="")', 'path = "/ip/%s/reverse" % str(block)', "ip"),
    ("I3", IP, "if not any(_same_address(item, address) for item in listed):", "if False:", "ip"),
    ("I4", IP, "if exc.status == 404:  # removed meanwhile", "if exc.status == 400:", "ip"),
    ("I5", IP, "or len(labels) < 2:", "or len(labels) < 1:", "ip"),
    ("I6", IP, "return error.status == 400 and", "return error.status == 404 and", "ip"),
    ("I7", REV, 'current_normalized = current.rstrip(".").lower() + "." if current else None', "current_normalized = current", "ip"),
    ("I8", REV, 'result.update(changed=False, reverse=result["previous_reverse"])', "pass", "ip"),
    # state_files.py
    ("SF1", SF, "if change(data) or problem is not None:", "if change(data):", "state_files"),
    ("SF2", SF, "        os.chmod(tmp, mode)\n", "", "state_files"),
    ("SF3", SF, '    if not isinstance(data, dict):\n        raise CorruptStateFile', '    if False:\n        raise CorruptStateFile', "state_files"),
    ("SF4", SF, 'target = path + ".corrupt"', 'target = path + ".bak"', "state_files"),
    ("SF5", SF, "def update_json_object(path, change, mode=0o600):", "def update_json_object(path, change, mode=0o644):", "state_files"),
    # inventory
    ("N1", INV, 'with_ips=self.get_option("with_ips")', "with_ips=True", "inventory"),
    ("N2", INV, "                if strict:\n                    raise AnsibleError(\"signet.ovh.ovh inventory: could not evaluate filter",
     "                if False:\n                    raise AnsibleError(\"signet.ovh.ovh inventory: could not evaluate filter", "inventory"),
    ("N3", INV, "to_native(exc)))\n                return False", "to_native(exc)))\n                return True", "inventory"),
    ("N4", INV, 'self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)',
     'self._set_composite_vars(self.get_option("compose"), variables, host, strict=False)', "inventory"),
    ("N5", INV, 'update_cache = self.get_option("cache") and not cache', "update_cache = False", "inventory"),
    ("N6", INV, 'return variables.get("ovh_main_ipv4") or name', 'return variables.get("ovh_main_ipv6") or name', "inventory"),
    ("N7", INV, 'return (reverse or name).rstrip(".")', "return reverse or name", "inventory"),
    ("N8", INV, "            if host in named:\n", "            if False:\n", "inventory"),
    ("N9", INV, 'return value.strip().lower() in ("true", "yes", "1")', 'return value.strip().lower() in ("true", "yes")', "inventory"),
    # ovh_dedicated_server_install
    ("IN1", INS, 'start = task is None and (params["force"] or server["os"] != wanted)', 'start = params["force"] or server["os"] != wanted',
     "servers"),
    ("IN2", INS, 'start = task is None and (params["force"] or server["os"] != wanted)', 'start = task is None and server["os"] != wanted',
     "servers"),
    ("IN3", INS, 'result["started"] = result["changed"] = start\n', 'result["started"] = result["changed"] = False\n', "servers"),
    ("IN4", INS, '        if current["status"] not in TASK_KINDS["dedicated_server"].pending:\n            return\n', "", "servers"),
    ("IN5", INS, 'if result["already_running"] and result["os"] != params', 'if result["os"] != params', "servers"),
    ("IN6", INS, 'if task is not None and params["wait"]:', 'if start and params["wait"]:', "servers"),
    # ovh_dns_dnssec
    ("DS1", DS, "if status not in (wanted, in_progress):", "if status != wanted:", "dnssec"),
    ("DS2", DS, "if status not in DNSSEC_FINAL and not module.check_mode:", "if status not in DNSSEC_FINAL:", "dnssec"),
    ("DS3", DS, '                        request_dnssec(client, zone, wanted == "enabled")\n                    result["changed"] = True',
     '                        result["changed"] = True\n                        request_dnssec(client, zone, wanted == "enabled")\n'
     '                    result["changed"] = True', "dnssec"),
    ("DS4", DS, "                if status != wanted:\n                    module.fail_json",
     "                if False:\n                    module.fail_json", "dnssec"),
    ("DS5", DS, '% exc if result["changed"] else str(exc)', '% exc if False else str(exc)', "dnssec"),
    ("DS6", DS, "                    status = in_progress\n", "                    status = wanted\n", "dnssec"),
]
