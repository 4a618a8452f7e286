# The spec's usage of its client class, driven against a live call: pause recording only, check the status, resume.
# The class is the spec's, unchanged; the base URL and the call's id come from the environment.
import os
import time

from pause_resume_client import SiprecPauseResumeClient

client = SiprecPauseResumeClient(os.environ["SIPREC_BASE_URL"], "your-api-key")
session_id = os.environ["SIPREC_SESSION_ID"]

# Pause a session
status = client.pause_session(session_id, pause_recording=True, pause_transcription=False)
print(f"Session paused: {status}")

# Check status, once the pause has lasted a while
time.sleep(2)
status = client.get_pause_status(session_id)
print(f"Current status: {status}")

# Resume the session
status = client.resume_session(session_id)
print(f"Session resumed: {status}")
