# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Every module: the attributes, with the action group they all belong to.
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check mode and return a changed status prediction without modifying anything.
  diff_mode:
    description: Returns details on what has changed (or would change in check mode) when in diff mode.
  action_group:
    description: Use C(group/signet.ovh.ovh) in C(module_defaults) to set the connection options once for every module.
    support: full
    membership:
      - signet.ovh.ovh
  idempotent:
    description:
      - When run twice in a row with the same arguments, the second run reports C(changed=false) and sends no write.
    support: full
'''

    # Modules that only read.
    INFO_MODULE = r'''
attributes:
  check_mode:
    support: full
    details: This module only reads and runs the same in check mode.
  diff_mode:
    support: N/A
    details: This module only reads.
'''
