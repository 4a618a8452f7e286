using Siprec.Media.Rtp;

namespace Siprec.Media.Tests.Rtp;

public sealed class RtpSequenceTrackerTests
{
    [Theory]
    [InlineData(new ushort[] { 1, 2, 3 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.InOrder, SequenceVerdict.InOrder }, 0)]
    [InlineData(new ushort[] { 1, 3, 2 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.InOrder, SequenceVerdict.Reordered }, 0)]
    [InlineData(new ushort[] { 1, 2, 2, 1 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.InOrder, SequenceVerdict.Duplicate, SequenceVerdict.Duplicate }, 0)]
    [InlineData(new ushort[] { 10, 20, 11 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.InOrder, SequenceVerdict.Late }, 8)]
    [InlineData(new ushort[] { 1, 5 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.InOrder }, 3)]
    [InlineData(new ushort[] { 65534, 65535, 0, 1 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.InOrder, SequenceVerdict.InOrder, SequenceVerdict.InOrder }, 0)]
    [InlineData(new ushort[] { 65535, 1, 0 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.InOrder, SequenceVerdict.Reordered }, 0)]
    [InlineData(new ushort[] { 100, 20000 }, new[] { SequenceVerdict.InOrder, SequenceVerdict.Restarted }, 0)]
    public void Sequences_AreClassifiedAndLossCounted(ushort[] sequence, SequenceVerdict[] expected, long lost)
    {
        var tracker = new RtpSequenceTracker(reorderWindow: 5);

        SequenceVerdict[] verdicts = [.. sequence.Select(tracker.Observe)];

        Assert.Equal(expected, verdicts);
        Assert.Equal(lost, tracker.Lost);
    }

    [Fact]
    public void Reset_KeepsLossCountedBefore()
    {
        var tracker = new RtpSequenceTracker(5);
        tracker.Observe(1);
        tracker.Observe(4);

        tracker.Reset();
        tracker.Observe(9000);
        tracker.Observe(9002);

        Assert.Equal(3, tracker.Lost);
    }
}
