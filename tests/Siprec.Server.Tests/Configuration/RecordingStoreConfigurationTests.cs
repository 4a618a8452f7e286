using Siprec.Server.Configuration;

namespace Siprec.Server.Tests.Configuration;

public sealed class RecordingStoreConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-store-config-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void UploadIsOffAndTheIndexSitsInTheRecordingDirectoryByDefault()
    {
        var o = Load().Options;

        Assert.Null(o.S3.Bucket);
        Assert.False(o.S3.DeleteLocalAfterUpload);
        Assert.Null(o.Recording.IndexPath);
        Assert.False(o.Recording.VconExport);
    }

    [Fact]
    public void EnvironmentSetsEveryKey()
    {
        var o = Load(new()
        {
            ["RECORDING_INDEX_PATH"] = "/var/lib/siprec/index.db",
            ["S3_BUCKET"] = "calls",
            ["S3_ENDPOINT"] = "http://127.0.0.1:9000",
            ["S3_REGION"] = "eu-central-1",
            ["S3_ACCESS_KEY"] = "minio",
            ["S3_SECRET_KEY"] = "minio-secret",
            ["S3_PREFIX"] = "site-a/",
            ["S3_DELETE_LOCAL_AFTER_UPLOAD"] = "true",
            ["VCON_EXPORT"] = "true",
        }).Options;

        Assert.Equal("/var/lib/siprec/index.db", o.Recording.IndexPath);
        Assert.Equal("calls", o.S3.Bucket);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), o.S3.Endpoint);
        Assert.Equal("eu-central-1", o.S3.Region);
        Assert.Equal("minio", o.S3.AccessKey);
        Assert.Equal("minio-secret", o.S3.SecretKey);
        Assert.Equal("site-a/", o.S3.Prefix);
        Assert.True(o.S3.DeleteLocalAfterUpload);
        Assert.True(o.Recording.VconExport);
    }

    [Fact]
    public void JsonSectionSetsTheKeys()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """
            { "s3": { "bucket": "b", "delete_local_after_upload": true, "prefix": "p" }, "recording": { "index_path": "idx.db", "vcon_export": true } }
            """);

        var o = Load().Options;

        Assert.Equal("b", o.S3.Bucket);
        Assert.True(o.S3.DeleteLocalAfterUpload);
        Assert.Equal("p", o.S3.Prefix);
        Assert.Equal(Path.Combine(_dir, "idx.db"), o.Recording.IndexPath);
        Assert.True(o.Recording.VconExport);
    }

    [Theory]
    [InlineData("S3_ENDPOINT", "minio:9000", "invalid value for environment variable S3_ENDPOINT: 'minio:9000' is not an absolute http or https URL")]
    [InlineData("S3_ENDPOINT", "ftp://127.0.0.1", "invalid value for environment variable S3_ENDPOINT")]
    [InlineData("S3_DELETE_LOCAL_AFTER_UPLOAD", "sometimes", "invalid value for environment variable S3_DELETE_LOCAL_AFTER_UPLOAD")]
    [InlineData("VCON_EXPORT", "maybe", "invalid value for environment variable VCON_EXPORT")]
    public void InvalidValuesNameTheKey(string key, string value, string message)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(new() { [key] = value }));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("S3_ACCESS_KEY")]
    [InlineData("S3_SECRET_KEY")]
    public void CredentialsMustComeInPairs(string only)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(new() { ["S3_BUCKET"] = "b", [only] = "x" }));

        Assert.Contains("S3_ACCESS_KEY and S3_SECRET_KEY", ex.Message, StringComparison.Ordinal);
    }

    private ConfigurationResult Load(Dictionary<string, string>? env = null) =>
        SiprecConfigurationLoader.Load(env ?? [], _dir, Path.Combine(_dir, "no-system-config.json"));
}
