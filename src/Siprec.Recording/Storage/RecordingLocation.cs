namespace Siprec.Recording.Storage;

/// <summary>Where one session's files live: the WAV, its JSON sidecar and its transcript, side by side.</summary>
/// <param name="Directory">The dated folder under the recording root.</param>
/// <param name="BaseName">The unique file name stem shared by every file of the session.</param>
public sealed record RecordingLocation(string Directory, string BaseName)
{
    /// <summary>The session's WAV file.</summary>
    public string AudioPath => Path.Combine(Directory, BaseName + ".wav");

    /// <summary>The session's metadata sidecar.</summary>
    public string SidecarPath => Path.Combine(Directory, BaseName + ".json");

    /// <summary>The session's vCon, when vCon export is on.</summary>
    public string VconPath => Path.Combine(Directory, BaseName + ".vcon.json");

    /// <summary>The session's transcript, one final result per line.</summary>
    public string TranscriptPath => Path.Combine(Directory, BaseName + ".transcript.jsonl");

    /// <summary>The optional separate mono file of one stream.</summary>
    public string StreamAudioPath(int streamIndex) => Path.Combine(Directory, $"{BaseName}.stream{streamIndex + 1}.wav");
}
