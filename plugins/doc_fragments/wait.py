# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The wait options of module_utils.module.wait_options(). A module whose defaults differ gives only
    # those (options: {wait: {default: false}}); what it waits on goes in its description.
    DOCUMENTATION = r'''
options:
  wait:
    description:
      - Whether the task waits until what it started, or found running, is done; what that is and how the wait ends is in
        the module's description.
      - The default follows the collection's rule, V(true) where the change takes seconds to minutes and the next task
        needs it done, V(false) where it takes long or waits on a person.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, with O(wait=true); V(0) reads once. When it passes first, the task fails with what
        it read last, and what was started goes on.
      - O(timeout) is the time allowed for each HTTP request.
    type: int
    default: 600
'''

    # For a module whose poll interval is the user's to choose.
    POLL_INTERVAL = r'''
options:
  poll_interval:
    description:
      - The longest pause between two reads while waiting, in seconds (reads start 1 second apart and back off to this).
    type: float
    default: 10
'''
