"""The product table: every API family the emulator serves, one file each (see README.md, "Products").

The State makes one instance of each, in this order (the seed is loaded in this order too:
accounts before what they own, servers before the IPs routed to them and the reverses of their addresses); the router
serves the routes of each.
"""

from .cloud import CloudProjects
from .cloud_instances import CloudInstances
from .cloud_kube import KubeClusters
from .cloud_network import CloudNetworks
from .cloud_storage import CloudStorage
from .cloud_users import CloudUsers
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
            CloudProjects, CloudUsers, CloudStorage, KubeClusters, CloudNetworks, CloudInstances)
