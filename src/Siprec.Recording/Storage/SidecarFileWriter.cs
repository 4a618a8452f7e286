using System.Security.Cryptography;
using System.Text.Json;
using Siprec.Media.AtRest;

namespace Siprec.Recording.Storage;

/// <summary>
/// Writes a session's JSON sidecar atomically (temporary file, flushed, then renamed over the old one), so a crash or
/// a full disk mid-write never leaves a truncated sidecar in place of a good one. With a key provider the sidecar is
/// written in the encrypted format; reading recognises either form.
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
    /// document is rewritten at the end anyway, so it skips the cost on the call set-up path). With <paramref name="keys"/>
    /// the file is encrypted under a fresh data key.
    /// </summary>
    public static async Task WriteAsync(string path, SessionSidecar sidecar, bool durable = true, IRecordingKeyProvider? keys = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var temporary = path + ".tmp";
        if (keys is not null)
        {
            // The encrypted writer syncs on completion, so a start-of-call document pays that cost too; it is small.
            using (var writer = EncryptedFileWriter.Create(temporary, EncryptedContentKind.Bytes, 0, 0, keys))
                writer.Complete(JsonSerializer.SerializeToUtf8Bytes(sidecar, Options));
            File.Move(temporary, path, overwrite: true);
            return;
        }

        await using (var stream = OwnerOnlyFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(stream, sidecar, Options, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (durable)
                stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads a sidecar written by <see cref="WriteAsync"/>; an encrypted one needs <paramref name="keys"/> (else
    /// <see cref="InvalidDataException"/>), and one that fails authentication throws <see cref="CryptographicException"/>.
    /// </summary>
    public static async Task<SessionSidecar?> ReadAsync(string path, IRecordingKeyProvider? keys = null, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenPlaintext(path, keys);
        return await JsonSerializer.DeserializeAsync<SessionSidecar>(stream, Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The JSON of the sidecar at <paramref name="path"/>, decrypted when it is encrypted; same failures as
    /// <see cref="ReadAsync"/>.
    /// </summary>
    public static Stream OpenPlaintext(string path, IRecordingKeyProvider? keys)
    {
        if (!EncryptedFileHeader.IsEncrypted(path))
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        if (keys is null)
            throw new InvalidDataException($"{path} is encrypted and no master key is configured");
        var plain = new MemoryStream();
        EncryptedFileReader.Decrypt(path, keys, plain);
        plain.Position = 0;
        return plain;
    }
}
