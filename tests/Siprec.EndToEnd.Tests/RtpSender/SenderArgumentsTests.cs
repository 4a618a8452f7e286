using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.CommandLine;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.RtpSender;

public sealed class SenderArgumentsTests : IDisposable
{
    private readonly TestDirectory _directory = new("sender-args");

    [Fact]
    public void ParsesStreamsWithEveryOption()
    {
        var wav = AudioFixtures.WriteTone(_directory.File("tone.wav"), 440, TimeSpan.FromMilliseconds(500));
        var plan = SenderArguments.Parse(
        [
            "--stream", $"dest=127.0.0.1:40000,wav={wav},codec=pcma,pt=96,late=2000,loss=5,reorder=1.5,dup=2,ssrc=77,ssrc-change=1000:88,dtmf=300:11:120,stop=4000,marker=false",
            "--stream", $"dest=127.0.0.1:40002,wav={wav}",
            "--seed", "9",
            "--max-duration", "12",
        ]);

        Assert.Equal(2, plan.Streams.Count);
        Assert.Equal(9, plan.Seed);
        Assert.Equal(TimeSpan.FromSeconds(12), plan.MaxDuration);
        var first = plan.Streams[0];
        Assert.Equal(40000, first.Destination.Port);
        Assert.Equal(4000, first.Samples.Length);
        Assert.Equal(RtpPayloadCodec.Pcma, first.Codec);
        Assert.Equal(96, first.PayloadType);
        Assert.Equal(TimeSpan.FromSeconds(2), first.LateStart);
        Assert.Equal(5, first.LossPercent);
        Assert.Equal(1.5, first.ReorderPercent);
        Assert.Equal(2, first.DuplicatePercent);
        Assert.Equal(77u, first.Ssrc);
        Assert.Equal(new SsrcChange(TimeSpan.FromSeconds(1), 88), first.SsrcChange);
        Assert.Equal([new DtmfEvent(TimeSpan.FromMilliseconds(300), 11, TimeSpan.FromMilliseconds(120))], first.DtmfEvents);
        Assert.Equal(TimeSpan.FromSeconds(4), first.StopAfter);
        Assert.False(first.MarkFirstPacket);
        Assert.Equal(RtpPayloadCodec.Pcmu, plan.Streams[1].Codec);
    }

    [Theory]
    [InlineData("pcmu", RtpPayloadCodec.Pcmu)]
    [InlineData("PCMA", RtpPayloadCodec.Pcma)]
    [InlineData("g722", RtpPayloadCodec.G722)]
    [InlineData("opus", RtpPayloadCodec.Opus)]
    [InlineData("l16", RtpPayloadCodec.L16)]
    public void ParsesEveryCodecName(string name, RtpPayloadCodec codec)
    {
        var wav = AudioFixtures.WriteTone(_directory.File("tone.wav"), 440, TimeSpan.FromMilliseconds(100));
        var plan = SenderArguments.Parse(["--stream", $"dest=127.0.0.1:40000,wav={wav},codec={name}"]);
        Assert.Equal(codec, Assert.Single(plan.Streams).Codec);
    }

    [Fact]
    public void ParsesAnSrtpSuiteAndInlineKey()
    {
        var wav = AudioFixtures.WriteTone(_directory.File("tone.wav"), 440, TimeSpan.FromMilliseconds(100));
        var key = Convert.ToBase64String(Enumerable.Range(1, 30).Select(i => (byte)i).ToArray());
        var plan = SenderArguments.Parse(["--stream", $"dest=127.0.0.1:40000,wav={wav},srtp=AES_CM_128_HMAC_SHA1_32:{key}"]);

        var srtp = Assert.Single(plan.Streams).Srtp;
        Assert.NotNull(srtp);
        Assert.Equal("AES_CM_128_HMAC_SHA1_32", srtp.Suite.Name);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), srtp.MasterKey.ToArray());
    }

    [Fact]
    public void TakesDestinationAndPayloadTypesFromAnSdpAnswer()
    {
        var wav = AudioFixtures.WriteTone(_directory.File("tone.wav"), 440, TimeSpan.FromMilliseconds(100));
        var sdp = _directory.File("answer.sdp");
        File.WriteAllText(sdp, "v=0\r\no=SRS 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 30000 RTP/AVP 0\r\na=label:1\r\nm=audio 30002 RTP/AVP 8 97\r\na=rtpmap:97 telephone-event/8000\r\na=label:2\r\n");

        var plan = SenderArguments.Parse(["--sdp", sdp, "--stream", $"sdp=2,wav={wav}"]);

        var stream = Assert.Single(plan.Streams);
        Assert.Equal(30002, stream.Destination.Port);
        Assert.Equal((RtpPayloadCodec.Pcma, (int?)8, 97), (stream.Codec, stream.PayloadType, stream.TelephoneEventPayloadType));
        Assert.Contains("has 2 audio streams", Assert.Throws<ArgumentException>(() => SenderArguments.Parse(["--sdp", sdp, "--stream", $"sdp=3,wav={wav}"])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "at least one --stream")]
    [InlineData(new[] { "--stream" }, "needs a value")]
    [InlineData(new[] { "--bogus", "1" }, "unknown argument")]
    [InlineData(new[] { "--stream", "wav=x.wav" }, "needs dest=ADDRESS:PORT or sdp=N")]
    [InlineData(new[] { "--stream", "dest=nowhere,wav=x.wav" }, "dest 'nowhere'")]
    [InlineData(new[] { "--stream", "dest=127.0.0.1:4000" }, "needs wav=")]
    [InlineData(new[] { "--stream", "dest=127.0.0.1:4000,wav={wav},codec=g729" }, "codec 'g729'")]
    [InlineData(new[] { "--stream", "dest=127.0.0.1:4000,wav={wav},loss=abc" }, "loss 'abc'")]
    [InlineData(new[] { "--stream", "dest=127.0.0.1:4000,wav={wav},srtp=nokey" }, "SUITE:BASE64_KEY_AND_SALT")]
    [InlineData(new[] { "--stream", "dest=127.0.0.1:4000,wav={wav},srtp=AES_CM_128_HMAC_SHA1_80:c2hvcnQ" }, "srtp 'AES_CM_128_HMAC_SHA1_80:c2hvcnQ'")]
    [InlineData(new[] { "--stream", "dest=127.0.0.1:4000,wav={wav},dtmf=1:2" }, "MS:EVENT:DURATION_MS")]
    [InlineData(new[] { "--stream", "dest=127.0.0.1:4000,wav={wav},color=red" }, "unknown --stream field 'color'")]
    public void RejectsBadArgumentsWithASpecificMessage(string[] args, string expected)
    {
        var wav = AudioFixtures.WriteTone(_directory.File("tone.wav"), 440, TimeSpan.FromMilliseconds(100));
        var error = Assert.Throws<ArgumentException>(() => SenderArguments.Parse(args.Select(a => a.Replace("{wav}", wav, StringComparison.Ordinal)).ToArray()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
