# The spec's usage example, run against the class from the spec unchanged; only the base URL comes from the environment.
import os

from pause_resume_client import SiprecPauseResumeClient

# Usage
client = SiprecPauseResumeClient(os.environ["SIPREC_BASE_URL"], "your-api-key")

# Pause a session
status = client.pause_session("call-123", pause_recording=True, pause_transcription=False)
print(f"Session paused: {status}")

# Check status
status = client.get_pause_status("call-123")
print(f"Current status: {status}")

# Resume the session
status = client.resume_session("call-123")
print(f"Session resumed: {status}")

# The global methods of the same class.
status = client.pause_all_sessions(pause_recording=True, pause_transcription=True)
print(f"All paused: {status}")
status = client.resume_all_sessions()
print(f"All resumed: {status}")
