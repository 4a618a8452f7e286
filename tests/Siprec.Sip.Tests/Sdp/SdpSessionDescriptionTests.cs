using System.Text;
using Siprec.Sip.Sdp;

namespace Siprec.Sip.Tests.Sdp;

public sealed class SdpSessionDescriptionTests
{
    public static TheoryData<string, string> Samples => new()
    {
        { "oracle", SdpSamples.OracleAcme },
        { "cisco", SdpSamples.CiscoCube },
        { "audiocodes", SdpSamples.AudioCodes },
        { "freeswitch", SdpSamples.FreeSwitchSrtp },
        { "avaya", SdpSamples.AvayaHold },
    };

    [Fact]
    public void ParsesOracleStyleSdp()
    {
        var sdp = SdpSessionDescription.Parse(SdpSamples.OracleAcme);

        Assert.Equal(new SdpOrigin("-", "1234567", 1234568, "10.10.1.20"), sdp.Origin);
        Assert.Equal(2, sdp.Media.Count);
        Assert.Equal(["1", "2"], sdp.Media.Select(m => m.Label));
        Assert.All(sdp.Media, m => Assert.Equal(SdpDirection.SendOnly, m.Direction));
        Assert.All(sdp.Media, m => Assert.Equal("10.10.1.20", m.EffectiveConnection!.Address));
        var media = sdp.Media[0];
        Assert.Equal("audio", media.Media);
        Assert.Equal(20000, media.Port);
        Assert.Equal("RTP/AVP", media.Protocol);
        Assert.Equal(["0", "8", "101"], media.Formats);
        Assert.Equal(new SdpRtpMap(101, "telephone-event", 8000), media.FindRtpMap(101));
        Assert.Equal(new SdpFmtp("101", "0-15"), Assert.Single(media.Fmtps));
        Assert.Equal(20, media.Ptime);
    }

    [Fact]
    public void ParsesCiscoStyleSdpWithMediaLevelConnectionOnly()
    {
        var sdp = SdpSessionDescription.Parse(SdpSamples.CiscoCube);

        Assert.Null(sdp.Connection);
        Assert.Equal("SIP Call", sdp.SessionName);
        Assert.Equal("172.18.110.205", sdp.Media[1].EffectiveConnection!.Address);
        Assert.Equal("no", sdp.Media[0].Fmtps[0].ParameterMap()["annexb"]);
        Assert.Equal(new SdpRtpMap(18, "G729", 8000), sdp.Media[0].RtpMaps[0]);
    }

    [Fact]
    public void AudioCodesSessionDirectionIsTheFallbackAndUnknownLinesAreKept()
    {
        var sdp = SdpSessionDescription.Parse(SdpSamples.AudioCodes);

        Assert.Equal("10.33.4.22", sdp.Origin.Address);
        Assert.Equal(SdpDirection.SendOnly, sdp.Direction);
        Assert.Equal([SdpDirection.SendOnly, SdpDirection.SendOnly], sdp.Media.Select(m => m.Direction));
        Assert.Equal(["0", "1"], sdp.Media.Select(m => m.Label));
        Assert.Equal("1", sdp.Media[0].GetAttribute("x-audiocodes-unknown"));
        Assert.Equal(new SdpLine('y', "vendor-specific-line"), Assert.Single(sdp.Media[0].OtherLines));
    }

    [Fact]
    public void FreeSwitchSrtpCryptosAndOpusAreRead()
    {
        var sdp = SdpSessionDescription.Parse(SdpSamples.FreeSwitchSrtp);

        var audio = sdp.Media[0];
        Assert.Equal("RTP/SAVP", audio.Protocol);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.Equal(SdpDirection.SendRecv, sdp.Media[1].Direction);
        Assert.Equal(2, audio.Cryptos.Count);
        var first = audio.Cryptos[0];
        Assert.Equal(1, first.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", first.Suite);
        Assert.Equal("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", first.InlineKey);
        Assert.Equal("2^20", first.Lifetime);
        Assert.Equal("1:4", first.Mki);
        Assert.Null(first.SessionParams);
        Assert.Equal("UNENCRYPTED_SRTCP", audio.Cryptos[1].SessionParams);
        Assert.Null(audio.Cryptos[1].Lifetime);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), sdp.Media[1].RtpMaps[0]);
        Assert.Equal("1", sdp.Media[1].Fmtps[0].ParameterMap()["useinbandfec"]);
    }

    [Fact]
    public void AvayaHoldStyleWithoutSessionNameOrTiming()
    {
        var sdp = SdpSessionDescription.Parse(SdpSamples.AvayaHold);

        Assert.Equal("-", sdp.SessionName);
        Assert.Empty(sdp.Timings);
        Assert.Null(sdp.Connection);
        var held = sdp.Media[0];
        Assert.Equal(0, held.Port);
        Assert.True(held.EffectiveConnection!.IsUnspecified);
        Assert.Equal(SdpDirection.Inactive, held.Direction);
        var agent = sdp.Media[1];
        Assert.Equal(2, agent.PortCount);
        Assert.Equal("192.0.2.41", agent.EffectiveConnection!.Host);
        Assert.Equal(new SdpBandwidth("AS", 64), Assert.Single(agent.Bandwidths));
        Assert.Equal("agent leg", agent.Information);
        Assert.Null(agent.Ptime);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void WritesAndReparsesToTheSameText(string name, string text)
    {
        var first = SdpSessionDescription.Parse(text).ToString();
        var second = SdpSessionDescription.Parse(first).ToString();

        Assert.Equal(first, second);
        Assert.DoesNotContain("\n", first.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("v=0\r\no=", first, StringComparison.Ordinal);
        Assert.True(first.EndsWith("\r\n", StringComparison.Ordinal), name);
    }

    [Fact]
    public void WritesLinesInRfcOrder()
    {
        var sdp = new SdpSessionDescription(new SdpOrigin("srs", "42", 7, "192.0.2.99")) { SessionName = "SIPREC" };
        sdp.Attributes.Add(new SdpAttribute("tool", "siprec"));
        sdp.OtherLines.Add(new SdpLine('u', "http://example.com"));
        sdp.Connection = new SdpConnection("192.0.2.99");
        var media = new SdpMediaDescription("audio", 30000, "RTP/AVP", ["0", "101"]);
        sdp.Media.Add(media);
        media.Attributes.Add(new SdpAttribute("rtpmap", "101 telephone-event/8000"));
        media.Attributes.Add(new SdpAttribute("label", "1"));
        media.Direction = SdpDirection.RecvOnly;
        media.Direction = SdpDirection.Inactive;

        Assert.Equal(
            "v=0\r\no=srs 42 7 IN IP4 192.0.2.99\r\ns=SIPREC\r\nu=http://example.com\r\nc=IN IP4 192.0.2.99\r\nt=0 0\r\n" +
            "a=tool:siprec\r\nm=audio 30000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=label:1\r\na=inactive\r\n",
            sdp.ToString());
        Assert.Same(sdp, media.Session);
    }

    [Fact]
    public void ParsesFromUtf8Bytes()
    {
        var sdp = SdpSessionDescription.Parse(Encoding.UTF8.GetBytes(SdpSamples.OracleAcme));

        Assert.Equal(2, sdp.Media.Count);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("o=- 1 1 IN IP4 192.0.2.1\r\n", 1)]
    [InlineData("v=1\r\no=- 1 1 IN IP4 192.0.2.1\r\n", 1)]
    [InlineData("v=0\r\n", 0)]
    [InlineData("v=0\r\ns=x\r\n", 2)]
    [InlineData("v=0\r\no=- 1 IN IP4 192.0.2.1\r\n", 2)]
    [InlineData("v=0\r\no=- 1 x IN IP4 192.0.2.1\r\n", 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nc=IN IP4\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nb=AS\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nm=audio RTP/AVP 0\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nm=audio 70000 RTP/AVP 0\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nm=audio 5000/x RTP/AVP 0\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 0\r\nthis is not sdp\r\n", 4)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\na=\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\no=- 1 1 IN IP4 192.0.2.1\r\n", 3)]
    public void RejectsMalformedSdpWithLineNumber(string text, int line)
    {
        var error = Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(text));

        Assert.Equal(line, error.LineNumber);
    }

    [Fact]
    public void ToleratesLfTrailingSpacesAndBlankLines()
    {
        var sdp = SdpSessionDescription.Parse("v=0  \n\no=- 5 6 IN IP6 2001:db8::1 \nm=audio 4000 RTP/AVP 0  \na=sendrecv \n");

        Assert.Equal("IP6", sdp.Origin.AddressType);
        Assert.Equal("2001:db8::1", sdp.Origin.Address);
        Assert.Equal(["0"], sdp.Media[0].Formats);
        Assert.Equal(SdpDirection.SendRecv, sdp.Media[0].Direction);
        Assert.Null(sdp.Media[0].EffectiveConnection);
    }

    [Theory]
    [InlineData("0 PCMU/8000", 0, "PCMU", 8000, null)]
    [InlineData("111 opus/48000/2", 111, "opus", 48000, 2)]
    [InlineData(" 9  G722/8000 ", 9, "G722", 8000, null)]
    public void ParsesRtpMaps(string value, int payloadType, string name, int clock, int? channels)
    {
        Assert.True(SdpRtpMap.TryParse(value, out var rtpMap));
        Assert.Equal(new SdpRtpMap(payloadType, name, clock, channels), rtpMap);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PCMU/8000")]
    [InlineData("128 X/8000")]
    [InlineData("0 PCMU")]
    [InlineData("0 PCMU/0")]
    [InlineData("0 PCMU/8000/x")]
    public void RejectsBadRtpMaps(string value) => Assert.False(SdpRtpMap.TryParse(value, out _));
}
