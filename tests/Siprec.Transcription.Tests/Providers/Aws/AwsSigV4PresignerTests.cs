using Siprec.Transcription.Providers.Aws;

namespace Siprec.Transcription.Tests.Providers.Aws;

/// <summary>Against the worked examples of AWS's Signature Version 4 documentation.</summary>
public sealed class AwsSigV4PresignerTests
{
    [Fact]
    public void Presigned_get_matches_the_documented_s3_query_string_example()
    {
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
        var url = AwsSigV4Presigner.Presign(
            new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
            "us-east-1",
            "s3",
            credentials,
            new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromSeconds(86400),
            "UNSIGNED-PAYLOAD");

        Assert.Equal(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            url.AbsoluteUri);
    }

    [Fact]
    public void Signing_key_matches_the_documented_derivation_example()
    {
        var key = AwsSigV4Presigner.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");
        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Transcribe_url_keeps_its_parameters_signs_the_port_and_carries_the_session_token()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "secret", "token/with+chars");
        var url = AwsSigV4Presigner.Presign(
            new Uri("wss://transcribestreaming.eu-west-1.amazonaws.com:8443/stream-transcription-websocket?language-code=en-US&media-encoding=pcm&sample-rate=16000"),
            "eu-west-1",
            "transcribe",
            credentials,
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            TimeSpan.FromMinutes(5));

        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("en-US", query["language-code"]);
        Assert.Equal("pcm", query["media-encoding"]);
        Assert.Equal("16000", query["sample-rate"]);
        Assert.Equal("AKIDEXAMPLE/20260102/eu-west-1/transcribe/aws4_request", query["X-Amz-Credential"]);
        Assert.Equal("20260102T030405Z", query["X-Amz-Date"]);
        Assert.Equal("300", query["X-Amz-Expires"]);
        Assert.Equal("token/with+chars", query["X-Amz-Security-Token"]);
        Assert.Equal(64, query["X-Amz-Signature"].Length);
        Assert.Equal(8443, url.Port);

        // The signature covers the host with its port: the same request for another port signs differently.
        var otherPort = AwsSigV4Presigner.Presign(
            new Uri("wss://transcribestreaming.eu-west-1.amazonaws.com:443/stream-transcription-websocket?language-code=en-US&media-encoding=pcm&sample-rate=16000"),
            "eu-west-1",
            "transcribe",
            credentials,
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            TimeSpan.FromMinutes(5));
        Assert.NotEqual(query["X-Amz-Signature"], otherPort.Query.Split("X-Amz-Signature=")[1]);
    }
}
