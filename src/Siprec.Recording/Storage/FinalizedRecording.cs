namespace Siprec.Recording.Storage;

/// <summary>A session whose files are complete: where they lie and what its final sidecar says.</summary>
/// <param name="Location">The session's folder and file name stem.</param>
/// <param name="Sidecar">The final sidecar, as written next to the WAV.</param>
public sealed record FinalizedRecording(RecordingLocation Location, SessionSidecar Sidecar)
{
    /// <summary>Every file of the recording that exists on disk: WAV, sidecar, transcript, per-stream WAVs.</summary>
    public IReadOnlyList<string> ExistingFiles()
    {
        var files = new List<string> { Location.AudioPath, Location.SidecarPath };
        if (Sidecar.TranscriptFile is { } transcript)
            files.Add(Path.Combine(Location.Directory, Path.GetFileName(transcript)));
        files.AddRange(Sidecar.StreamFiles.Select(f => Path.Combine(Location.Directory, Path.GetFileName(f))));
        return files.Distinct(StringComparer.Ordinal).Where(File.Exists).ToList();
    }
}
