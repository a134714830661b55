# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The IAM tag filter of servers.list_names(), for every plugin that lists services.
    DOCUMENTATION = r'''
options:
  iam_tags:
    description:
      - Only services whose IAM tags match, filtered by the API (C(iamTags)).
      - A mapping of tag name to a value (equal), V(null) (the tag exists), or a list of conditions, each a value or a
        C({operator, value}) mapping (operators V(EQ), V(NEQ), V(LIKE), V(ILIKE) with C(%) and C(_) wildcards, V(EXISTS),
        V(NEXISTS)). Conditions on different tags must all hold; how the API combines several conditions on one tag is not
        documented, so prefer one condition per tag (a V(LIKE) pattern for alternatives).
    type: dict
'''
