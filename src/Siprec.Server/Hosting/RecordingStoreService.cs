using Microsoft.Extensions.Hosting;
using Siprec.Recording.Index;
using Siprec.Recording.Upload;
using Siprec.Recording.Vcon;

namespace Siprec.Server.Hosting;

/// <summary>
/// Runs the recordings index feed (catch-up from disk, then finalized sessions) and, when configured, the S3 upload
/// queue and the vCon file writer. Started before the SIP recorder and stopped after it, so sessions finalized at shutdown are still indexed.
/// </summary>
public sealed class RecordingStoreService : BackgroundService
{
    private readonly RecordingIndexFeed _feed;
    private readonly S3RecordingUploader? _uploader;
    private readonly VconFileWriter? _vcon;

    /// <summary>Creates the service; <paramref name="uploader"/> and <paramref name="vcon"/> are null when those are off.</summary>
    public RecordingStoreService(RecordingIndexFeed feed, S3RecordingUploader? uploader = null, VconFileWriter? vcon = null)
    {
        _feed = feed;
        _uploader = uploader;
        _vcon = vcon;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var feed = _feed.RunAsync(stoppingToken);
        var upload = _uploader?.RunAsync(stoppingToken) ?? Task.CompletedTask;
        var vcon = _vcon?.RunAsync(stoppingToken) ?? Task.CompletedTask;
        await Task.WhenAll(feed, upload, vcon).ConfigureAwait(false);
    }
}
