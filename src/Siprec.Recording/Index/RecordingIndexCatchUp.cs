using System.Text.Json;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Index;

/// <summary>Brings an index up to date with the sidecars on this node's disk, whichever store holds the index.</summary>
public static class RecordingIndexCatchUp
{
    /// <summary>
    /// Indexes every readable sidecar under the recording folder (files recorded before the index existed or while it
    /// was unavailable); unreadable ones are skipped, final ones already indexed are not rewritten. Returns how many
    /// sidecars the index holds from this scan and how many were skipped as unreadable.
    /// </summary>
    public static async Task<(int Indexed, int Skipped)> RebuildFromDiskAsync(IRecordingIndex index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var root = index.Folder.FullPath;
        if (!Directory.Exists(root))
            return (0, 0);
        var indexed = 0;
        var skipped = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 8 };
        foreach (var path in Directory.EnumerateFiles(root, "*.json", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            SessionSidecar? sidecar;
            try
            {
                sidecar = await index.Folder.ReadSidecarAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException
                or System.Security.Cryptography.CryptographicException or KeyNotFoundException)
            {
                skipped++;
                continue;
            }

            if (sidecar is null || string.IsNullOrEmpty(sidecar.CallId) || string.IsNullOrEmpty(sidecar.RecordingFile))
            {
                skipped++;
                continue;
            }

            var recording = index.Folder.Describe(path, sidecar);
            if (!await index.IsIndexedAsync(recording, cancellationToken).ConfigureAwait(false))
                await index.UpsertAsync(recording, cancellationToken).ConfigureAwait(false);
            indexed++;
        }

        return (indexed, skipped);
    }
}
