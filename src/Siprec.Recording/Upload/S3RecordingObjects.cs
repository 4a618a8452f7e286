using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Siprec.Recording.Upload;

/// <summary>Reads back the objects <see cref="S3RecordingUploader"/> stored, so any node can serve an uploaded recording.</summary>
public sealed class S3RecordingObjects : IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;

    /// <summary>Reads from the bucket of <paramref name="options"/>.</summary>
    public S3RecordingObjects(S3UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        _bucket = options.Bucket;
        _client = S3ClientFactory.Create(options);
    }

    /// <summary>
    /// Opens the object <paramref name="key"/>; null when the bucket has no such object. Throws
    /// <see cref="AmazonServiceException"/>, <see cref="HttpRequestException"/> or <see cref="IOException"/> when the
    /// service cannot be reached or refuses.
    /// </summary>
    public async Task<StoredObject?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new StoredObject(response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
