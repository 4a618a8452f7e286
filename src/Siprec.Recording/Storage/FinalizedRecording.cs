namespace Siprec.Recording.Storage;

/// <summary>A session whose files are complete: where they lie and what its final sidecar says.</summary>
/// <param name="Location">The session's folder and file name stem.</param>
/// <param name="Sidecar">The final sidecar, as written next to the WAV, or as it would have been when it could not be.</param>
/// <param name="SidecarWritten">
/// False when the final sidecar could not be written: <paramref name="Sidecar"/> then exists only in memory (its errors
/// say why) and whatever lies at the sidecar path is not it.
/// </param>
public sealed record FinalizedRecording(RecordingLocation Location, SessionSidecar Sidecar, bool SidecarWritten = true)
{
    /// <summary>
    /// Every file of the recording that exists on disk: WAV, sidecar (only when the final one was written), transcript,
    /// per-stream WAVs.
    /// </summary>
    public IReadOnlyList<string> ExistingFiles()
    {
        var files = new List<string> { Location.AudioPath };
        if (SidecarWritten)
            files.Add(Location.SidecarPath);
        if (Sidecar.TranscriptFile is { } transcript)
            files.Add(Path.Combine(Location.Directory, Path.GetFileName(transcript)));
        files.AddRange(Sidecar.StreamFiles.Select(f => Path.Combine(Location.Directory, Path.GetFileName(f))));
        return files.Distinct(StringComparer.Ordinal).Where(File.Exists).ToList();
    }
}
