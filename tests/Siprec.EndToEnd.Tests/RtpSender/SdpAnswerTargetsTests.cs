using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.RtpSender;

public sealed class SdpAnswerTargetsTests
{
    private const string Answer =
        "v=0\r\no=SRS 1 1 IN IP4 127.0.0.1\r\ns=SIPREC\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=label:1\r\na=recvonly\r\n"
        + "m=audio 0 RTP/AVP 0\r\na=label:3\r\n"
        + "m=audio 30002 RTP/AVP 0 96\r\nc=IN IP4 127.0.0.2\r\na=rtpmap:96 telephone-event/8000\r\na=label:2\r\na=recvonly\r\n";

    [Fact]
    public void ReadsAcceptedAudioStreamsWithTheirAddressCodecAndEventType()
    {
        var targets = SdpAnswerTargets.Read(Answer);

        Assert.Equal(2, targets.Count);
        Assert.Equal("127.0.0.1:30000", targets[0].Destination.ToString());
        Assert.Equal(("1", RtpPayloadCodec.Pcma, 8, (int?)101), (targets[0].Label, targets[0].Codec, targets[0].PayloadType, targets[0].TelephoneEventPayloadType));
        Assert.Equal("127.0.0.2:30002", targets[1].Destination.ToString());
        Assert.Equal(("2", RtpPayloadCodec.Pcmu, 0, (int?)96), (targets[1].Label, targets[1].Codec, targets[1].PayloadType, targets[1].TelephoneEventPayloadType));
    }

    [Theory]
    [InlineData("m=audio 4000 RTP/AVP 9\r\n", RtpPayloadCodec.G722, 9)]
    [InlineData("m=audio 4000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n", RtpPayloadCodec.Opus, 111)]
    [InlineData("m=audio 4000 RTP/AVP 97\r\na=rtpmap:97 L16/8000\r\n", RtpPayloadCodec.L16, 97)]
    [InlineData("m=audio 4000 RTP/AVP 97 0\r\na=rtpmap:97 L16/16000\r\n", RtpPayloadCodec.Pcmu, 0)]
    public void ChoosesTheFirstSendableCodecOfTheAnswer(string mediaSection, RtpPayloadCodec codec, int payloadType)
    {
        var target = Assert.Single(SdpAnswerTargets.Read("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + mediaSection));
        Assert.Equal((codec, payloadType), (target.Codec, target.PayloadType));
    }

    [Theory]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", "no usable address")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n", "offers none of PCMU, PCMA, G722, opus or L16/8000")]
    public void RejectsAnswersItCannotSendTo(string sdp, string expected)
    {
        var error = Assert.ThrowsAny<FormatException>(() => SdpAnswerTargets.Read(sdp));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
