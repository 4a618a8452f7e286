using System.Buffers.Text;
using System.Security.Cryptography;

namespace Siprec.Recording.Vcon;

/// <summary>The vCon ContentHash token of a file: <c>sha512-</c> followed by the base64url SHA-512 digest of its bytes.</summary>
public static class VconContentHash
{
    /// <summary>Hashes every byte of <paramref name="path"/>, exactly what a client downloading the file receives.</summary>
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        var digest = await SHA512.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
        return "sha512-" + Base64Url.EncodeToString(digest);
    }
}
