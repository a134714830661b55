"""Command line: python tests/emulator [--port 0] [--seed seed.json] [--clock-offset S]
[--latency S] [--ready-file PATH] [--certfile F --keyfile F]"""

import argparse
import importlib
import json
import os
import signal
import sys
import threading


def _package():
    # Run as a directory (python tests/emulator), __package__ is empty: import the package from tests/.
    if not __package__:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return importlib.import_module("emulator")


def main(argv=None):
    """Run the emulator until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(prog="emulator", description="Local OVH API emulator")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--seed", help="JSON file with accounts, applications, credentials and zones")
    parser.add_argument("--clock-offset", type=float, default=0, help="seconds added to the machine clock")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API request")
    parser.add_argument("--ready-file", help="write the base URL there once connections are accepted")
    parser.add_argument("--certfile", help="TLS certificate (PEM): serve HTTPS")
    parser.add_argument("--keyfile", help="TLS private key (PEM)")
    args = parser.parse_args(argv)
    if bool(args.certfile) != bool(args.keyfile):
        parser.error("--certfile and --keyfile go together")

    package = _package()
    seed = package.DEFAULT_SEED
    if args.seed:
        with open(args.seed, encoding="utf-8") as handle:
            seed = json.load(handle)
    emu = package.Emulator(seed=seed, port=args.port, clock_offset=args.clock_offset, latency=args.latency,
                           certfile=args.certfile, keyfile=args.keyfile)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    emu.start()

    print(f"OVH API emulator listening on {emu.base_url}", flush=True)
    for app in seed.get("applications", [])[:1]:
        print(f"  application key:    {app.get('applicationKey')}")
        print(f"  application secret: {app.get('applicationSecret')}")
    for credential in seed.get("credentials", [])[:1]:
        print(f"  consumer key:       {credential.get('consumerKey')} (account {credential.get('account')})")
    print(f"  control API:        {emu.root_url}/_emulator/", flush=True)

    if args.ready_file:
        # Written only now that the socket listens; renamed so readers never see half a file.
        partial = args.ready_file + ".tmp"
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(emu.base_url + "\n")
        os.replace(partial, args.ready_file)

    while not stopping.wait(0.5):
        pass
    emu.stop()
    print("OVH API emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
