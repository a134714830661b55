"""The product table: every API family the emulator serves, one file each (see README.md, "Products").

The State makes one instance of each, in this order (the seed is loaded in this order too:
accounts before what they own, servers before the IPs routed to them and the reverses of their addresses); the router
serves the routes of each.
"""

from .cloud import CloudProjects
from .cloud_instances import CloudInstances
from .cloud_network import CloudNetworks
from .credentials import ApiKeys
from .domain import Registrar
from .ip import Ips
from .me import Accounts
from .oauth2 import OAuth2
from .servers import Servers
from .ssh_keys import SshKeys
from .vps import VirtualServers
from .vrack import Vrack
from .zone import Zones

PRODUCTS = (Accounts, ApiKeys, SshKeys, OAuth2, Zones, Registrar, Servers, VirtualServers, Ips, Vrack,
            CloudProjects)
# Public Cloud products, after CloudProjects (they serve what hangs off its projects).
PRODUCTS += (CloudNetworks, CloudInstances)
