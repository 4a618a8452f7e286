namespace Siprec.Server.Configuration;

/// <summary>Optional upload of finalized recordings to S3-compatible object storage; off while no bucket is set.</summary>
public sealed class S3Options
{
    /// <summary>Target bucket; uploads are off when null.</summary>
    public string? Bucket { get; set; }

    /// <summary>Endpoint of an S3-compatible service (MinIO and the like); null for AWS.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Signing region (us-east-1 when null).</summary>
    public string? Region { get; set; }

    /// <summary>Access key id (the SDK's default credential chain when null).</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret access key.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Key prefix in the bucket.</summary>
    public string? Prefix { get; set; }

    /// <summary>Delete local audio and transcript once the upload is confirmed.</summary>
    public bool DeleteLocalAfterUpload { get; set; }

    /// <summary>Attempts per recording before it is left on disk for the next requeue.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait after the first failed attempt; doubled after each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often recordings the index lists as not yet uploaded are queued again.</summary>
    public TimeSpan RequeueInterval { get; set; } = TimeSpan.FromMinutes(5);
}
