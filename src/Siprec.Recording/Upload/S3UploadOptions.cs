namespace Siprec.Recording.Upload;

/// <summary>Where and how finalized recordings are copied to S3-compatible object storage.</summary>
public sealed record S3UploadOptions
{
    /// <summary>Target bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>Endpoint of an S3-compatible service (MinIO and the like); null for AWS itself. Path-style addressing is used with it.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Signing region; us-east-1 when null.</summary>
    public string? Region { get; init; }

    /// <summary>Access key id; with <see cref="SecretKey"/>, else the SDK's default credential chain is used.</summary>
    public string? AccessKey { get; init; }

    /// <summary>Secret access key.</summary>
    public string? SecretKey { get; init; }

    /// <summary>Key prefix (a folder in the bucket); the recording's dated path follows it.</summary>
    public string? Prefix { get; init; }

    /// <summary>Delete the local audio and transcript once every file of the recording is confirmed uploaded.</summary>
    public bool DeleteLocalAfterUpload { get; init; }

    /// <summary>Attempts per recording before it is left on disk for the next requeue.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Wait after the first failed attempt; doubled after each further one.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often recordings the index lists as not yet uploaded are queued again (those given up or not queued).</summary>
    public TimeSpan RequeueInterval { get; init; } = TimeSpan.FromMinutes(5);
}
