import requests
import json

class SiprecPauseResumeClient:
    def __init__(self, base_url, api_key=None):
        self.base_url = base_url.rstrip('/')
        self.api_key = api_key
        
    def _headers(self):
        headers = {'Content-Type': 'application/json'}
        if self.api_key:
            headers['X-API-Key'] = self.api_key
        return headers
    
    def pause_session(self, session_id, pause_recording=True, pause_transcription=True):
        """Pause recording and/or transcription for a session."""
        url = f"{self.base_url}/api/sessions/{session_id}/pause"
        data = {
            "pause_recording": pause_recording,
            "pause_transcription": pause_transcription
        }
        response = requests.post(url, headers=self._headers(), json=data)
        return response.json()
    
    def resume_session(self, session_id):
        """Resume a paused session."""
        url = f"{self.base_url}/api/sessions/{session_id}/resume"
        response = requests.post(url, headers=self._headers())
        return response.json()
    
    def get_pause_status(self, session_id):
        """Get pause status for a session."""
        url = f"{self.base_url}/api/sessions/{session_id}/pause-status"
        response = requests.get(url, headers=self._headers())
        return response.json()
    
    def pause_all_sessions(self, pause_recording=True, pause_transcription=True):
        """Pause all active sessions."""
        url = f"{self.base_url}/api/sessions/pause-all"
        data = {
            "pause_recording": pause_recording,
            "pause_transcription": pause_transcription
        }
        response = requests.post(url, headers=self._headers(), json=data)
        return response.json()
    
    def resume_all_sessions(self):
        """Resume all paused sessions."""
        url = f"{self.base_url}/api/sessions/resume-all"
        response = requests.post(url, headers=self._headers())
        return response.json()
