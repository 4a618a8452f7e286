using System.Text.Json;
using Siprec.Media.AtRest;

namespace Siprec.Recording.Storage;

/// <summary>
/// Writes a session's JSON sidecar atomically (temporary file, flushed, then renamed over the old one), so a crash or
/// a full disk mid-write never leaves a truncated sidecar in place of a good one.
/// </summary>
public static class SidecarFileWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>
    /// Serializes <paramref name="sidecar"/> to <paramref name="path"/>, replacing any earlier version only once complete.
    /// <paramref name="durable"/> also forces the bytes to disk before the rename (for the final document; a start-of-call
    /// document is rewritten at the end anyway, so it skips the cost on the call set-up path).
    /// </summary>
    public static async Task WriteAsync(string path, SessionSidecar sidecar, bool durable = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var temporary = path + ".tmp";
        await using (var stream = OwnerOnlyFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(stream, sidecar, Options, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (durable)
                stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a sidecar written by <see cref="WriteAsync"/>.</summary>
    public static async Task<SessionSidecar?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<SessionSidecar>(stream, Options, cancellationToken).ConfigureAwait(false);
    }
}
