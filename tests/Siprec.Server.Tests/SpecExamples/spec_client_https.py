# The spec's client over HTTPS with a private CA: requests checks the server against the CA given as verify=.
import os

import requests

from pause_resume_client import SiprecPauseResumeClient

base_url = os.environ["SIPREC_BASE_URL"]
ca = os.environ["SIPREC_CA_CERT"]

response = requests.get(base_url + "api/sessions/call-123/pause-status", headers={"X-API-Key": "your-api-key"}, verify=ca)
print(f"verify=ca: {response.status_code}")

try:
    requests.get(base_url + "api/sessions/call-123/pause-status", headers={"X-API-Key": "your-api-key"}, verify=True)
    print("verify=system: accepted")
except requests.exceptions.SSLError:
    print("verify=system: refused")

# The spec's class calls requests without verify=, which then takes the CA from REQUESTS_CA_BUNDLE.
os.environ["REQUESTS_CA_BUNDLE"] = ca
client = SiprecPauseResumeClient(base_url, "your-api-key")
status = client.pause_session("call-123", pause_recording=True, pause_transcription=False)
print(f"Session paused: {status['is_paused']}")
