using Siprec.Media.Pipeline;
using Siprec.Media.Tests.TestSupport;
using Siprec.Media.Timeline;

namespace Siprec.Media.Tests.Timeline;

public sealed class SessionTimelineBufferTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WrittenSamples_AreDrainedInterleavedAndGapsAreSilence()
    {
        var buffer = new SessionTimelineBuffer(2, 8000, TimeSpan.FromSeconds(1), new TestGate(), Start);
        buffer.Write(0, 0, Enumerable.Repeat((short)7, 160).ToArray());
        buffer.Write(1, 160, Enumerable.Repeat((short)-7, 160).ToArray());
        var output = new short[2 * 320];

        int frames = buffer.Drain(320, output, out bool more);

        Assert.Equal(320, frames);
        Assert.False(more);
        Assert.Equal((7, 0), (output[0], output[1]));
        Assert.Equal((0, -7), (output[320], output[321]));
    }

    [Fact]
    public void SamplesBeforeTheWrittenPosition_AreLate()
    {
        var buffer = new SessionTimelineBuffer(1, 8000, TimeSpan.FromSeconds(1), new TestGate(), Start);
        buffer.Drain(320, new short[320], out _);

        TimelineWriteResult result = buffer.Write(0, 240, new short[160]);

        Assert.Equal(new TimelineWriteResult(80, 0), result);
    }

    [Fact]
    public void SamplesBeyondTheCapacity_AreOverrun()
    {
        var buffer = new SessionTimelineBuffer(1, 8000, TimeSpan.FromSeconds(1), new TestGate(), Start);

        Assert.Equal(new TimelineWriteResult(0, 80), buffer.Write(0, 8000 - 80, new short[160]));
    }

    [Fact]
    public void BlockDecidedOpen_StaysOpenForEveryChannelButClosedGateStillWithholdsAudio()
    {
        var gate = new TestGate();
        var buffer = new SessionTimelineBuffer(2, 8000, TimeSpan.FromSeconds(1), gate, Start);
        buffer.Write(0, 0, Enumerable.Repeat((short)1, 160).ToArray());
        gate.Set(new MediaGateDecision(false, false, PausedAudioBehavior.Skip));
        buffer.Write(1, 0, Enumerable.Repeat((short)2, 160).ToArray());
        var output = new short[320];

        Assert.Equal(160, buffer.Drain(160, output, out _));
        Assert.Equal((1, 0), (output[0], output[1]));
    }

    [Fact]
    public void DrainIsBoundedByTheDestination()
    {
        var buffer = new SessionTimelineBuffer(1, 8000, TimeSpan.FromSeconds(1), new TestGate(), Start);
        var output = new short[320];

        Assert.Equal(320, buffer.Drain(800, output, out bool more));
        Assert.True(more);
        Assert.Equal(320, buffer.WrittenPosition);
    }
}
