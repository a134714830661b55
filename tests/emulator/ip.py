"""Reverse DNS of the account's addresses (schemas/openapi3-ip.json).

The API sets a reverse only when the name resolves forward to the address. The emulator makes
that check against its own DNS zones, with their live records (what the last refresh published):
a record created but not refreshed does not resolve yet, as on the real DNS.

The reverses are this product's (``state.reverse_dns.reverses``, also ``state.servers.reverses``): a
dedicated server's main address starts with the reverse of the server's name. Seed: ``reverses``,
``[{account, ipReverse, reverse}]`` (loaded after the servers: it overrides those defaults).
"""

import ipaddress

from .errors import ApiError, bad_request
from .product import Product

# How many CNAMEs a forward resolution follows.
_MAX_CNAME_HOPS = 8


def _block(call):
    """The {ip} path parameter: one of the account's IP blocks, normalized."""
    raw = call.params["ip"]
    try:
        block = ipaddress.ip_network(raw, strict=False)
    except ValueError:
        raise bad_request(f"[ip] Given data ({raw}) is not valid for type ipBlock") from None
    if str(block) not in call.state.servers.ip_blocks(call.account):
        raise ApiError(404, "NOT_FOUND", f"The requested object (ip = {raw}) does not exist")
    return block


def _address(value, field="ipReverse"):
    try:
        return ipaddress.ip_address(value)
    except (TypeError, ValueError):
        raise bad_request(f"[{field}] Given data ({value}) is not valid for type ip") from None


def _in_block(block, address, raw):
    if address.version != block.version or address not in block:
        raise bad_request(f"The IP {raw} is not in the block {block}")


def _zone_of(zones, name):
    """The zone holding ``name`` (longest suffix match) and the name's subDomain in it."""
    best = None
    for (_account, zone_name), zone in zones.items():
        if name == zone_name or name.endswith("." + zone_name):
            if best is None or len(zone_name) > len(best.name):
                best = zone
    if best is None:
        return None, None
    return best, name[:-len(best.name)].rstrip(".")


def resolves_to(zones, name, address):
    """Whether ``name`` (absolute, trailing dot optional) resolves to ``address`` through the
    live records of the emulator's zones, CNAMEs followed."""
    wanted_type = "A" if address.version == 4 else "AAAA"
    name = name.rstrip(".").lower()
    for _hop in range(_MAX_CNAME_HOPS):
        zone, sub_domain = _zone_of(zones, name)
        if zone is None:
            return False
        records = [record for record in zone.live_records() if record["subDomain"].lower() == sub_domain]
        for record in records:
            if record["fieldType"] == wanted_type:
                try:
                    if ipaddress.ip_address(record["target"]) == address:
                        return True
                except ValueError:
                    continue
        cnames = [record["target"] for record in records if record["fieldType"] == "CNAME"]
        if not cnames:
            return False
        target = cnames[0]
        name = target.rstrip(".").lower() if target.endswith(".") else f"{target}.{zone.name}".lower()
    return False


def reverse_list(call):
    """GET /ip/{ip}/reverse: the addresses of the block that have a reverse."""
    block = _block(call)
    return [address for (account, address), _name in sorted(call.state.reverse_dns.reverses.items())
            if account == call.account and ipaddress.ip_address(address) in block
            and ipaddress.ip_address(address).version == block.version]


def reverse_create(call):
    """POST /ip/{ip}/reverse {ipReverse, reverse} → ip.ReverseIp (creates or replaces)."""
    block = _block(call)
    data = call.json_body()
    extra = sorted(set(data) - {"ipReverse", "reverse"})
    if extra:
        raise bad_request(f"[{extra[0]}] Unknown or read-only property")
    for name in ("ipReverse", "reverse"):
        if name not in data:
            raise bad_request(f"[{name}] Property is mandatory")
    address = _address(data["ipReverse"])
    _in_block(block, address, data["ipReverse"])
    reverse = data["reverse"]
    if not isinstance(reverse, str) or not reverse.strip("."):
        raise bad_request("[reverse] Given data is not valid for type string")
    reverse = reverse.rstrip(".").lower() + "."
    if not resolves_to(call.state.zones, reverse, address):
        # The wording is the notes' ("does not resolve to"); the exact text is an inference.
        raise bad_request(f"Cannot check if {reverse} resolves to {address}: {reverse} does not resolve to {address}")
    call.state.reverse_dns.reverses[(call.account, str(address))] = reverse
    return {"ipReverse": str(address), "reverse": reverse}


def _existing(call):
    block = _block(call)
    address = _address(call.params["ipReverse"])
    reverse = call.state.reverse_dns.reverses.get((call.account, str(address)))
    if reverse is None or address not in block:
        raise ApiError(404, "NOT_FOUND", f"The requested object (ipReverse = {call.params['ipReverse']}) does not exist")
    return address, reverse


def reverse_get(call):
    """GET /ip/{ip}/reverse/{ipReverse} (ip.ReverseIp)"""
    address, reverse = _existing(call)
    return {"ipReverse": str(address), "reverse": reverse}


def reverse_delete(call):
    """DELETE /ip/{ip}/reverse/{ipReverse}"""
    address, _reverse = _existing(call)
    del call.state.reverse_dns.reverses[(call.account, str(address))]


class ReverseDns(Product):
    """The reverse names of the accounts' addresses: (account, address) -> name with its trailing dot."""

    name = "reverse_dns"
    routes = (
        ("GET", "/ip/{ip}/reverse", reverse_list),
        ("POST", "/ip/{ip}/reverse", reverse_create),
        ("GET", "/ip/{ip}/reverse/{ipReverse}", reverse_get),
        ("DELETE", "/ip/{ip}/reverse/{ipReverse}", reverse_delete),
    )

    seed_keys = ("reverses",)

    def __init__(self, state):
        super().__init__(state)
        self.reverses = {}

    def load(self, seed):
        for data in seed.get("reverses", []):
            self.reverses[(data["account"], str(ipaddress.ip_address(data["ipReverse"])))] = data["reverse"]
