using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Siprec.Recording.Upload;

/// <summary>Makes the S3 clients of the uploader and of the object reader from the same options.</summary>
internal static class S3ClientFactory
{
    /// <summary>A client of the bucket service of <paramref name="options"/>: path-style on a custom endpoint, no SDK retries (callers retry).</summary>
    public static IAmazonS3 Create(S3UploadOptions options)
    {
        var region = string.IsNullOrWhiteSpace(options.Region) ? "us-east-1" : options.Region;
        var config = new AmazonS3Config
        {
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromMinutes(5),
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return options.AccessKey is { Length: > 0 } access && options.SecretKey is { Length: > 0 } secret
            ? new AmazonS3Client(new BasicAWSCredentials(access, secret), config)
            : new AmazonS3Client(config);
    }
}
