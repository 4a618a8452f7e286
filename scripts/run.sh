#!/usr/bin/env bash
# Runs the SIPREC server with embedded defaults: SIP on 5060 (UDP/TCP), HTTP on 8080, recordings in ./recordings.
# It stays in the directory it was started from: that is where ./recordings, .env and config.json are taken from,
# as for every other way of starting the server (docs/configuration.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" runtime
dotnet restore "$root/Siprec.sln" --verbosity quiet
# As the Docker image and the systemd unit: optimised code for the call path within the first seconds of load.
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
exec dotnet run --project "$root/src/Siprec.Server" -c Release -- "$@"
