#!/usr/bin/env bash
# Runs the SIPREC server with embedded defaults: SIP on 5060 (UDP/TCP), HTTP on 8080, recordings in ./recordings.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh runtime
dotnet restore Siprec.sln --verbosity quiet
exec dotnet run --project src/Siprec.Server -c Release -- "$@"
