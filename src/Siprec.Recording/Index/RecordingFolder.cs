using Siprec.Media.AtRest;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Index;

/// <summary>
/// The folder recordings are written under, and the only way index rows name files: paths relative to it with '/',
/// resolved back only when they stay inside it.
/// </summary>
public sealed class RecordingFolder
{
    private readonly string _root;
    private readonly IRecordingKeyProvider? _keys;

    /// <summary>Uses <paramref name="directory"/>, made absolute; <paramref name="keys"/> opens sidecars encrypted at rest.</summary>
    public RecordingFolder(string directory, IRecordingKeyProvider? keys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _keys = keys;
    }

    /// <summary>Reads the sidecar at <paramref name="path"/>, decrypting it when it is encrypted at rest.</summary>
    public Task<SessionSidecar?> ReadSidecarAsync(string path, CancellationToken cancellationToken = default) =>
        SidecarFileWriter.ReadAsync(path, _keys, cancellationToken);

    /// <summary>The absolute recording folder.</summary>
    public string FullPath => _root;

    /// <summary>
    /// Describes a sidecar found at <paramref name="sidecarPath"/> (which must lie under the root) as an index row; the
    /// files it names are taken as names only, so a crafted sidecar cannot point outside its own folder.
    /// </summary>
    public IndexedRecording Describe(string sidecarPath, SessionSidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var full = Path.GetFullPath(sidecarPath);
        var folder = Relative(Path.GetDirectoryName(full) ?? _root)
            ?? throw new ArgumentException($"sidecar '{sidecarPath}' is outside the recording root", nameof(sidecarPath));
        string InFolder(string name) => folder.Length == 0 ? Path.GetFileName(name) : folder + "/" + Path.GetFileName(name);
        return new IndexedRecording
        {
            CallId = sidecar.CallId,
            SessionId = sidecar.SessionId,
            SidecarFile = InFolder(full),
            RecordingFile = InFolder(sidecar.RecordingFile),
            TranscriptFile = sidecar.TranscriptFile is { } transcript ? InFolder(transcript) : null,
            StreamFiles = sidecar.StreamFiles.Select(InFolder).ToList(),
            StartedAt = sidecar.StartedAt,
            EndedAt = sidecar.EndedAt,
            EndReason = sidecar.EndReason,
            Participants = sidecar.Participants,
            Streams = sidecar.Streams,
            Errors = sidecar.Errors ?? [],
        };
    }

    /// <summary>The absolute path of <paramref name="relativePath"/> under the root; null when it would leave the root.</summary>
    public string? Resolve(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Length == 0 || Path.IsPathRooted(relativePath))
            return null;
        var full = Path.GetFullPath(Path.Combine(_root, relativePath));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private string? Relative(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (string.Equals(full, _root, StringComparison.Ordinal))
            return string.Empty;
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full[(_root.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/')
            : null;
    }
}
