using System.Buffers;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

public sealed class SipMessageFramerTests
{
    public static TheoryData<string> Messages => [SipSamples.Invite, SipSamples.Response, SipSamples.Options];

    [Theory]
    [MemberData(nameof(Messages))]
    public void EveryPrefixIsIncomplete(string sample)
    {
        var bytes = SipSamples.Bytes(sample);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(SipMessageFramer.TryFrame(buffer, out var end), $"prefix of {length} bytes");
            Assert.Equal(buffer.Start, end);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void FramesWholeMessageFollowedByNextOne(string sample)
    {
        var bytes = SipSamples.Bytes(sample);
        var stream = bytes.Concat(bytes).ToArray();

        Assert.True(SipMessageFramer.TryFrame(new ReadOnlySequence<byte>(stream), out var end));

        Assert.Equal(bytes.Length, end.GetInteger());
    }
}
