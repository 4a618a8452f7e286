#!/usr/bin/env bash
# Sends one SIPREC call to a running server: SIPp as the SRC (INVITE with SDP + RFC 7865 metadata, two labelled
# streams), and two different voices streamed as RTP to the answered ports. Prints the Call-ID when the call is up.
# Usage: scripts/demo-call.sh [SERVER_IP] [SIP_PORT] [SECONDS]
# The SIP port defaults to $SIP_PORT, the server's own setting, else 5060.
# SIPP_LOCAL_PORT and SIPP_MEDIA_PORT choose SIPp's own ports (default: any free one, and 6000).
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:-127.0.0.1}
port=${2:-${SIP_PORT:-5060}}
seconds=${3:-20}
scripts/install-deps.sh demo
for tool in sipp sox; do
  command -v "$tool" >/dev/null || { echo "demo-call: '$tool' is missing (apt-get install sip-tester sox espeak-ng)" >&2; exit 1; }
done
dotnet build tools/Siprec.RtpSender -c Release --verbosity quiet -nologo >/dev/null
sender=tools/Siprec.RtpSender/bin/Release/net10.0/rtpsender.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

voice() { # file, voice, text
  if command -v espeak-ng >/dev/null; then
    espeak-ng -v "$2" -s 150 -w "$work/raw.wav" "$3"
    sox "$work/raw.wav" -r 8000 -c 1 -b 16 "$1" pad 0 1 repeat 3
  else
    sox -n -r 8000 -c 1 -b 16 "$1" synth "$seconds" sine "$4"
  fi
}
voice "$work/caller.wav" en-us "Hello, I would like to check the balance of my account please." 440
voice "$work/agent.wav" en-gb "Certainly. Can you read me the card number, slowly, digit by digit?" 660

(cd "$work" && sipp "$server:$port" -sf "$OLDPWD/tests/Siprec.EndToEnd.Tests/Scenarios/uac-siprec-call.xml" \
  -m 1 -d $((seconds * 1000)) -t u1 ${SIPP_LOCAL_PORT:+-p "$SIPP_LOCAL_PORT"} ${SIPP_MEDIA_PORT:+-mp "$SIPP_MEDIA_PORT"} -trace_logs -trace_err -timeout $((seconds + 30)) -nostdin >"$work/sipp.out" 2>&1) &
sipp_pid=$!
for _ in $(seq 1 100); do
  grep -qs ANSWER_PORTS "$work"/*_logs.log && break
  kill -0 "$sipp_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -qs ANSWER_PORTS "$work"/*_logs.log; then
  echo "demo-call: the server did not answer the INVITE (is it running on $server:$port?)" >&2
  cat "$work"/*_errors.log 2>/dev/null | tail -5 >&2
  exit 1
fi
read -r p1 p2 < <(grep -h ANSWER_PORTS "$work"/*_logs.log | awk '{print $2, $3}')
call_id=$(grep -h "^CALL_ID" "$work"/*_logs.log | awk '{print $2}' | head -1)
echo "call ${call_id:-up}: streaming caller to port $p1 and agent to port $p2 for ${seconds}s"
dotnet "$sender" --stream "dest=$server:$p1,wav=$work/caller.wav,stop=$((seconds * 1000))" \
  --stream "dest=$server:$p2,wav=$work/agent.wav,stop=$((seconds * 1000))" --max-duration "$seconds" >/dev/null
wait "$sipp_pid"
echo "call ended; the server wrote it to RECORDING_DIR/YYYY/MM/DD/ (by default ./recordings of the directory the server was started from)"
