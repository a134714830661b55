# shellcheck shell=bash
# Sourced by tests/demo.sh, tests/matrix.sh and the integration targets (setup_emulator/emulator.sh).
#   start_emulator DIR [PYTHON]  starts the OVH API emulator of this checkout (standard library only)
#                                on 127.0.0.1, on a free port, in the background (log: DIR/emulator.log),
#                                waits until it listens and exports OVH_ENDPOINT; emulator_pid is its process
#   use_demo_credentials         exports the credentials of the emulator's seeded demo account (OVH_*)
#   stop_emulator                stops the emulator (call it from the caller's EXIT trap)
EMULATOR_PACKAGE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
emulator_pid=

start_emulator() {
    local ready="$1/emulator.url" log="$1/emulator.log"
    rm -f "$ready"
    "${2:-python3}" "$EMULATOR_PACKAGE" --port 0 --ready-file "$ready" > "$log" 2>&1 &
    emulator_pid=$!
    for _ in $(seq 100); do
        [ -s "$ready" ] && break
        kill -0 "$emulator_pid" 2>/dev/null || { cat "$log" >&2; return 1; }
        sleep 0.1
    done
    [ -s "$ready" ] || { echo "the emulator did not start within 10 s (log: $log)" >&2; return 1; }
    OVH_ENDPOINT="$(cat "$ready")"
    export OVH_ENDPOINT
}

use_demo_credentials() {
    # Against the real API, these come from your application and consumer key.
    export OVH_APPLICATION_KEY=DemoAppKey000001
    export OVH_APPLICATION_SECRET=DemoAppSecret0000000000000000001
    export OVH_CONSUMER_KEY=DemoConsumerKey00000000000000001
}

stop_emulator() {
    if [ -n "${emulator_pid:-}" ]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
        emulator_pid=
    fi
}
