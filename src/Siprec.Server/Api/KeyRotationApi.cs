using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Prometheus;
using Siprec.Media.AtRest;
using Siprec.Recording.Index;
using Siprec.Server.Api.Schemas;

using Siprec.Server.Auth;

namespace Siprec.Server.Api;

/// <summary>
/// <c>POST /api/keys/rotate</c>: re-wraps the data key of every encrypted file under the recording root with the current
/// master key, rewriting headers only (audio is never re-encrypted). Older master keys come from the keyring folder.
/// </summary>
public sealed partial class KeyRotationApi
{
    private readonly string _root;
    private readonly IRecordingKeyProvider? _keys;
    private readonly ILogger<KeyRotationApi> _logger;
    private readonly Counter _files;

    /// <summary>Creates the endpoint over the files under <paramref name="index"/>'s root; <paramref name="keys"/> is null when encryption is off.</summary>
    public KeyRotationApi(IRecordingIndex index, CollectorRegistry registry, ILogger<KeyRotationApi> logger, IRecordingKeyProvider? keys = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        _root = index.Folder.FullPath;
        _keys = keys;
        _logger = logger;
        _files = Metrics.WithCustomRegistry(registry).CreateCounter(
            "siprec_key_rotation_files_total", "Encrypted files seen by key rotations, by outcome: rewrapped, current, failed.", "outcome");
    }

    /// <summary>Maps the endpoint onto <paramref name="api"/>, the <c>/api</c> group.</summary>
    public void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/keys/rotate", (HttpContext context) => Answered.After(RotateAsync(context)))
            .RequireScope(ApiScope.Admin)
            .WithName("rotateKeys").WithSummary("Re-wraps every encrypted file's data key under the current master key (headers only)")
            .Produces<KeyRotationAnswer>(200).Produces<ApiError>(401).Produces<ApiError>(409);
    }

    /// <summary>Rotates and answers the counts; 409 when no master key is configured.</summary>
    public async Task RotateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_keys is null)
        {
            Log.NotConfigured(_logger);
            await ApiResponse.ErrorAsync(context, 409, "encryption at rest is off: set RECORDING_ENCRYPTION_KEY_FILE to rotate keys").ConfigureAwait(false);
            return;
        }

        var answer = await Task.Run(() => Rotate(_keys), context.RequestAborted).ConfigureAwait(false);
        Log.Rotated(_logger, answer.KeyId, answer.Rewrapped, answer.AlreadyCurrent, answer.Failed);
        await ApiResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("key_id", answer.KeyId);
            w.WriteNumber("rewrapped", answer.Rewrapped);
            w.WriteNumber("already_current", answer.AlreadyCurrent);
            w.WriteNumber("failed", answer.Failed);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private KeyRotationAnswer Rotate(IRecordingKeyProvider keys)
    {
        int rewrapped = 0, current = 0, failed = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 8 };
        foreach (var path in Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", options) : [])
        {
            try
            {
                if (!EncryptedFileHeader.IsEncrypted(path))
                    continue;
                if (EncryptedFileHeader.Rewrap(path, keys))
                    rewrapped++;
                else
                    current++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or KeyNotFoundException or InvalidDataException)
            {
                failed++;
                Log.FileFailed(_logger, Path.GetRelativePath(_root, path), ex);
            }
        }

        _files.WithLabels("rewrapped").Inc(rewrapped);
        _files.WithLabels("current").Inc(current);
        _files.WithLabels("failed").Inc(failed);
        return new KeyRotationAnswer(keys.CurrentKeyId, rewrapped, current, failed);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 330, Level = LogLevel.Warning, Message = "Key rotation under master key {KeyId}: {Rewrapped} files re-wrapped, {Current} already current, {Failed} failed")]
        public static partial void Rotated(ILogger logger, string keyId, int rewrapped, int current, int failed);

        [LoggerMessage(EventId = 331, Level = LogLevel.Error, Message = "Key rotation could not re-wrap {File}")]
        public static partial void FileFailed(ILogger logger, string file, Exception exception);

        [LoggerMessage(EventId = 332, Level = LogLevel.Warning, Message = "Key rotation asked but encryption at rest is off")]
        public static partial void NotConfigured(ILogger logger);
    }
}
