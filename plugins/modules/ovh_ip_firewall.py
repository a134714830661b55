#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_ip_firewall
short_description: Manage the OVHcloud network firewall of an address and its rules
version_added: 0.1.0
description:
  - Puts an address on the network firewall of its IP (C(POST /ip/{ip}/firewall)), enables or disables the firewall
    (C(PUT /ip/{ip}/firewall/{ipOnFirewall})), and makes its rules those of O(rules), keyed by sequence, or takes the
    address off the firewall with its rules (O(state=absent)).
  - Rules cannot be edited. A rule that differs from the one asked for the same sequence is deleted, the task waits
    until the API has removed it (its state goes C(removalPending), then it is gone), then creates the new one. A rule
    being removed when the task starts is waited for likewise. Rules of sequences not in O(rules) are left alone unless
    O(purge_rules).
  - Reads the firewall list, the address's firewall, its rule list and the rules (in batches), then writes what
    differs. With O(wait), waits until the new rules are C(ok), the deleted ones gone and the firewall's state C(ok).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
  - signet.ovh.wait.poll_interval
attributes:
  check_mode:
    support: full
    details: Reads the firewall and its rules and predicts the change, rule by rule; sends no write and waits for nothing.
  diff_mode:
    support: full
    details: Shows the firewall's state and its rules, by sequence, before and after.
options:
  ip:
    description:
      - The IP block of the address, as the API names it, for example V(203.0.113.100/32) or V(198.51.100.128/30); an
        address alone is its /32.
    type: str
    required: true
  ip_on_firewall:
    description:
      - The IPv4 address on the firewall. Defaults to O(ip) when it is one address; required for a larger block.
    type: str
  state:
    description:
      - V(present) puts the address on the firewall; V(absent) takes it off, with its rules.
    type: str
    choices: [present, absent]
    default: present
  enabled:
    description:
      - Whether the firewall filters the address's traffic. Left as it is when not given (an address new on the firewall
        starts disabled).
      - Rules are written first, then the firewall is enabled or disabled.
    type: bool
  rules:
    description:
      - The rules, one per sequence. Left as they are when not given.
    type: list
    elements: dict
    suboptions:
      sequence:
        description: The rule's place, V(0) to V(19); lower sequences are matched first.
        type: int
        required: true
      action:
        description: What a matching packet gets.
        type: str
        choices: [permit, deny]
        required: true
      protocol:
        description: The protocol the rule matches.
        type: str
        choices: [ah, esp, gre, icmp, ipv4, tcp, udp]
        required: true
      source:
        description: The IPv4 source address or block; any source when not given (or V(any)).
        type: str
      source_port:
        description: The source port (O(rules[].protocol=tcp) or V(udp) only).
        type: int
      destination_port:
        description: The destination port (O(rules[].protocol=tcp) or V(udp) only).
        type: int
      tcp_option:
        description: The TCP option (O(rules[].protocol=tcp) only).
        type: str
        choices: [established, syn]
      fragments:
        description: Match TCP fragments (O(rules[].protocol=tcp) only).
        type: bool
  purge_rules:
    description:
      - Delete the rules of sequences not in O(rules) (every rule when O(rules) is not given).
    type: bool
    default: false
  wait_timeout:
    default: 300
  poll_interval:
    default: 5
seealso:
  - module: signet.ovh.ovh_ip_mitigation
'''

EXAMPLES = r'''
- name: SSH from the office only, HTTPS from anywhere, the rest denied
  signet.ovh.ovh_ip_firewall:
    ip: 203.0.113.100
    enabled: true
    rules:
      - {sequence: 0, action: permit, protocol: tcp, source: 198.51.100.0/24, destination_port: 22}
      - {sequence: 1, action: permit, protocol: tcp, destination_port: 443}
      - {sequence: 2, action: permit, protocol: tcp, tcp_option: established}
      - {sequence: 19, action: deny, protocol: ipv4}
    purge_rules: true
  register: firewall

- name: What changed, rule by rule
  ansible.builtin.debug:
    var: firewall.rule_changes

- name: Take the spare address off the firewall
  signet.ovh.ovh_ip_firewall:
    ip: 203.0.113.101
    state: absent
'''

RETURN = r'''
ip:
  description: The IP block, as the API names it.
  returned: always
  type: str
  sample: 203.0.113.100/32
ip_on_firewall:
  description: The address on the firewall.
  returned: always
  type: str
  sample: 203.0.113.100
enabled:
  description: Whether the firewall is enabled after the task (in check mode, would be); V(null) when the address is not on it.
  returned: success
  type: bool
status:
  description: The firewall's state as the API read it last (C(ok), C(enableFirewallPending), C(disableFirewallPending)).
  returned: when the address is on the firewall
  type: str
  sample: ok
rules:
  description:
    - The rules after the task (in check mode, would be), sorted by sequence, in the options' form (C(sequence),
      C(action), C(protocol), C(source) (V(null) for any), C(source_port), C(destination_port), C(tcp_option),
      C(fragments)).
  returned: success
  type: list
  elements: dict
rule_changes:
  description: What the task did (in check mode, would do), rule by rule.
  returned: success
  type: list
  elements: dict
  contains:
    sequence:
      description: The rule's sequence.
      type: int
    change:
      description: V(created), V(replaced) (deleted, then created) or V(deleted).
      type: str
  sample: [{sequence: 0, change: replaced}, {sequence: 1, change: created}]
'''

from ansible_collections.signet.ovh.plugins.module_utils.ip import (
    FIREWALL_ACTIONS, FIREWALL_IP, FIREWALL_PROTOCOLS, FIREWALL_RULE, FIREWALL_TCP_OPTIONS, address_on, firewall_path,
    ip_path, normalize_block, normalize_rules, plan_rules, read_firewall, read_rule, rule_body, rule_from_api)
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import poll

CHANGES = {"create": "created", "wait_create": "created", "replace": "replaced", "delete": "deleted"}


def view(firewall, rules):
    """The firewall as the diff shows it: enabled and the rules by sequence (those being removed left out)."""
    if firewall is None:
        return {}
    return {"enabled": firewall.get("enabled"), "rules": [rules[sequence] for sequence in sorted(rules)]}


def main():
    module = ovh_module(
        dict(
            ip=dict(type="str", required=True),
            ip_on_firewall=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            enabled=dict(type="bool"),
            rules=dict(type="list", elements="dict", options=dict(
                sequence=dict(type="int", required=True),
                action=dict(type="str", choices=list(FIREWALL_ACTIONS), required=True),
                protocol=dict(type="str", choices=list(FIREWALL_PROTOCOLS), required=True),
                source=dict(type="str"),
                source_port=dict(type="int"),
                destination_port=dict(type="int"),
                tcp_option=dict(type="str", choices=list(FIREWALL_TCP_OPTIONS)),
                fragments=dict(type="bool"),
            )),
            purge_rules=dict(type="bool", default=False),
            **wait_options(wait=True, timeout=300, poll_interval=5)
        ),
        supports_check_mode=True,
    )
    params = module.params
    block = check_input(module, normalize_block, params["ip"])
    address = check_input(module, address_on, block, params["ip_on_firewall"], "ip_on_firewall")
    wanted = check_input(module, normalize_rules, params["rules"]) if params["rules"] is not None else None
    if params["state"] == "absent" and (params["rules"] or params["enabled"] is not None or params["purge_rules"]):
        module.fail_json(msg="enabled, rules and purge_rules go with state=present; state=absent takes the address off the firewall")
    check_wait_options(module)
    result = dict(changed=False, ip=block, ip_on_firewall=address)
    timeout, interval = params["wait_timeout"], params["poll_interval"]

    def until(read, is_final, what):
        return poll(read, is_final, timeout, what=what, first_delay=min(1.0, interval), max_delay=interval)

    with ovh_session(module, result, last_read="last_read",
                     what_goes_on="it goes on: run the task again to wait more (what is done is not done twice)") as client:
        firewall, current = read_firewall(client, block, address)
        rules_before = dict((sequence, rule_from_api(rule)) for sequence, rule in current.items()
                            if rule.get("state") != "removalPending")
        before = view(firewall, rules_before)
        result.update(enabled=firewall.get("enabled") if firewall else None, rules=before.get("rules", []), rule_changes=[])
        if firewall is not None:
            result["status"] = firewall.get("state")
        if params["state"] == "absent":
            if firewall is not None:
                result["changed"] = True
                if not module.check_mode:
                    client.delete(firewall_path(block, address))
                result.update(enabled=None, rules=[], status=None)
            module.exit_json(**with_diff(module, result, before, {}))

        plan = plan_rules(current, wanted or {}, params["purge_rules"]) if wanted is not None or params["purge_rules"] else []
        enabled_now = firewall.get("enabled") if firewall is not None else False
        enable = params["enabled"] is not None and params["enabled"] != enabled_now
        rules_after = dict(rules_before)
        for sequence, action in plan:
            if action == "delete":
                rules_after.pop(sequence, None)
            else:
                rules_after[sequence] = wanted[sequence]
        result["rule_changes"] = [{"sequence": sequence, "change": CHANGES[action]} for sequence, action in plan]
        result["rules"] = [rules_after[sequence] for sequence in sorted(rules_after)]
        result["enabled"] = params["enabled"] if enable else enabled_now
        result["changed"] = firewall is None or bool(plan) or enable
        after = {"enabled": result["enabled"], "rules": result["rules"]}
        if module.check_mode or not result["changed"]:
            module.exit_json(**with_diff(module, result, before, after))

        if firewall is None:
            firewall = client.post(ip_path(block, "firewall"), body={"ipOnFirewall": address}, shape=FIREWALL_IP)
            result["status"] = firewall.get("state")
        rules_path = firewall_path(block, address, "rule")

        def gone(sequence):
            until(lambda: read_rule(client, block, address, sequence), lambda rule: rule is None,
                  "the removal of rule %d of %s" % (sequence, address))

        def created(sequence):
            until(lambda: read_rule(client, block, address, sequence),
                  lambda rule: rule is None or rule.get("state") != "creationPending",
                  "the creation of rule %d of %s" % (sequence, address))

        def settled(path):
            return until(lambda: client.get(path, shape=FIREWALL_IP), lambda item: item.get("state") == "ok",
                         "the firewall of %s" % address)

        for sequence, action in plan:
            if action in ("replace", "delete"):
                client.delete(firewall_path(block, address, "rule", sequence), shape=FIREWALL_RULE)
            if action in ("replace", "wait_create"):
                gone(sequence)  # a sequence is free again only once its rule is gone
            if action != "delete":
                client.post(rules_path, body=rule_body(wanted[sequence]), shape=FIREWALL_RULE)
        if enable:
            path = firewall_path(block, address)
            firewall = client.get(path, shape=FIREWALL_IP)
            if firewall.get("state") != "ok":  # a change of state in progress refuses another
                firewall = settled(path)
            client.put(path, body={"enabled": params["enabled"]})
        if params["wait"]:
            for sequence, action in plan:
                if action == "delete":
                    gone(sequence)
                else:
                    created(sequence)
            result["status"] = settled(firewall_path(block, address)).get("state")
    module.exit_json(**with_diff(module, result, before, after))


if __name__ == "__main__":
    main()
