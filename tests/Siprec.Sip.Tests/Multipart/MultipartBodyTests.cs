using System.Text;
using Siprec.Sip.Multipart;
using Siprec.Sip.Sdp;

namespace Siprec.Sip.Tests.Multipart;

public sealed class MultipartBodyTests
{
    public static TheoryData<string, string, string> Bodies => new()
    {
        { "oracle", MultipartSamples.Oracle, "unique-boundary-1" },
        { "cisco", MultipartSamples.Cisco, "uniqueBoundary" },
        { "audiocodes", MultipartSamples.AudioCodes, "boundary_ac1fffff85b" },
        { "freeswitch", MultipartSamples.FreeSwitch, "\"FS-boundary-8f3a\"" },
        { "avaya", MultipartSamples.Avaya, "avaya-srec" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void FindsSdpAndMetadataInAnyVendorStyle(string name, string body, string boundary)
    {
        var parsed = MultipartBody.Parse(Encoding.UTF8.GetBytes(body), boundary);

        var sdpPart = parsed.Find("application/sdp");
        var metadataPart = parsed.Find("application/rs-metadata+xml");
        Assert.NotNull(sdpPart);
        Assert.NotNull(metadataPart);
        Assert.Equal("recording-session", metadataPart.DispositionType);
        var sdp = SdpSessionDescription.Parse(sdpPart.Body.Span);
        Assert.Equal("1", sdp.Media[0].Label);
        var xml = Encoding.UTF8.GetString(metadataPart.Body.Span);
        Assert.StartsWith("<?xml", xml, StringComparison.Ordinal);
        Assert.True(xml.EndsWith("</recording>", StringComparison.Ordinal), name);
    }

    [Fact]
    public void KeepsPartOrderHeadersAndExtraParts()
    {
        var parsed = MultipartBody.Parse(Encoding.UTF8.GetBytes(MultipartSamples.Avaya), "avaya-srec");

        Assert.Equal(["application/sdp", "application/rs-metadata+xml", "text/plain"], parsed.Parts.Select(p => p.ContentType!.MediaType));
        Assert.Equal("sdp@avaya.example.com", parsed.Parts[0].ContentId);
        Assert.Equal("extra part\r\n--avaya-srecX is not a delimiter\r\n", Encoding.UTF8.GetString(parsed.Parts[2].Body.Span));
    }

    [Fact]
    public void UnfoldsPartHeadersAndHonoursPartContentLength()
    {
        var audioCodes = MultipartBody.Parse(Encoding.UTF8.GetBytes(MultipartSamples.AudioCodes), "boundary_ac1fffff85b");
        var cisco = MultipartBody.Parse(Encoding.UTF8.GetBytes(MultipartSamples.Cisco), "uniqueBoundary");

        Assert.Equal("recording-session; handling=required", audioCodes.Parts[0].ContentDisposition);
        Assert.Equal("session", cisco.Parts[0].DispositionType);
        Assert.Equal(MultipartSamples.Sdp.ReplaceLineEndings("\r\n"), Encoding.UTF8.GetString(cisco.Parts[0].Body.Span));
    }

    [Fact]
    public void BuilderOutputParsesBack()
    {
        var builder = new MultipartBodyBuilder("test-boundary")
            .Add("application/sdp", MultipartSamples.Sdp)
            .Add("application/rs-metadata+xml", MultipartSamples.Metadata, new KeyValuePair<string, string>("Content-Disposition", "recording-session"));

        var bytes = builder.ToArray();
        var parsed = MultipartBody.Parse(bytes, builder.Boundary);

        Assert.Equal("multipart/mixed;boundary=test-boundary", builder.ContentType);
        Assert.Equal(2, parsed.Parts.Count);
        Assert.Equal(MultipartSamples.Sdp, Encoding.UTF8.GetString(parsed.Parts[0].Body.Span));
        Assert.Equal(MultipartSamples.Metadata, Encoding.UTF8.GetString(parsed.Parts[1].Body.Span));
        Assert.Equal("recording-session", parsed.Parts[1].ContentDisposition);
        Assert.StartsWith("--test-boundary\r\nContent-Type: application/sdp\r\n\r\nv=0", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.EndsWith("\r\n--test-boundary--\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no delimiter here", "b")]
    [InlineData("--b--\r\n", "b")]
    [InlineData("--b\r\nContent-Type application/sdp\r\n\r\nx\r\n--b--", "b")]
    [InlineData("--b\r\nContent-Type: application/sdp\r\nno empty line", "b")]
    [InlineData("--b\r\nContent-Length: 1\rx\r\n\r\nbody\r\n--b--", "b")]
    [InlineData("--b\r\n\r\nx", "")]
    [InlineData("--b\r\n\r\nx", "\"\"")]
    public void RejectsMalformedBodies(string body, string boundary) =>
        Assert.Throws<MultipartParseException>(() => MultipartBody.Parse(Encoding.UTF8.GetBytes(body), boundary));

    [Fact]
    public void PartWithoutHeadersHasEmptyHeaders()
    {
        var parsed = MultipartBody.Parse(Encoding.UTF8.GetBytes("--b\r\n\r\nbare\r\n--b--"), "b");

        var part = Assert.Single(parsed.Parts);
        Assert.Empty(part.Headers);
        Assert.Null(part.ContentType);
        Assert.Equal("bare", Encoding.UTF8.GetString(part.Body.Span));
    }
}
