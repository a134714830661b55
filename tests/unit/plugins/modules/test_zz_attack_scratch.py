import json
WEB = "ns3001234.ip-203-0-113.eu"
VPS = "vps-1a2b3c4d.vps.ovh.net"

def reqs(emulator):
    return [(e["method"], e["path"], e["query"]) for e in emulator.log if e["path"] != "/auth/time"]

def test_empty_service_name(modules, emulator):
    for mod, args in (("ovh_dedicated_server", {"service_name": "", "monitoring": True}),
                      ("ovh_dedicated_server_boot", {"service_name": " ", "boot": "rescue"}),
                      ("ovh_dedicated_server_install", {"service_name": "", "operating_system": "debian12_64"})):
        emulator.clear_log()
        rc, result, output = modules.run(mod, args)
        print(mod, rc, result.get("msg"), reqs(emulator))

def test_boot_rescue_when_other_rescue(modules, emulator):
    srv = emulator.state.servers.dedicated[("demo-ovh", WEB)]
    srv.boots[1122] = {"bootId": 1122, "bootType": "rescue", "kernel": "rescue-customer", "description": "x"}
    srv.properties["bootId"] = 1122
    rc, result, output = modules.run("ovh_dedicated_server_boot", {"service_name": WEB, "boot": "rescue", "wait": False})
    print(rc, result.get("changed"), result.get("rebooted"), [r for r in reqs(emulator)])

def test_image_null_name(modules, emulator, monkeypatch):
    from emulator import vps as ev
    orig = ev.image_get
    monkeypatch.setattr(ev, "IMAGES", dict(ev.IMAGES))
    def bad(call):
        a = orig(call); a["name"] = None if a["name"] == "Debian 11" else a["name"]; return a
    for i, r in enumerate(emulator.state.vps.routes if hasattr(emulator.state.vps, 'routes') else []):
        pass
    monkeypatch.setattr(ev, "image_get", bad)
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": VPS, "image": "Debian 12"})
    print(rc, result.get("msg"), output[-500:])
