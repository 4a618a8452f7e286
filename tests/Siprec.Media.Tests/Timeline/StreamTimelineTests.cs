using Siprec.Media.Timeline;

namespace Siprec.Media.Tests.Timeline;

public sealed class StreamTimelineTests
{
    [Theory]
    [InlineData(8000, 8000, 160, 160)]
    [InlineData(8000, 16000, 160, 320)]
    [InlineData(48000, 16000, 960, 320)]
    [InlineData(48000, 8000, 960, 160)]
    public void TimestampDelta_IsScaledToTheOutputRate(int clockRate, int outputRate, int timestampStep, int positionStep)
    {
        var timeline = new StreamTimeline(outputRate, TimeSpan.FromSeconds(1));
        const uint Base = 4_000_000_000;

        long first = timeline.Place(Base, clockRate, arrivalPosition: 1000, isNewest: true);
        long tenth = timeline.Place(unchecked(Base + (uint)(9 * timestampStep)), clockRate, 1000 + (9 * positionStep), isNewest: true);

        Assert.Equal(1000, first);
        Assert.Equal(1000 + (9 * positionStep), tenth);
        Assert.Equal(0, timeline.Resyncs);
    }

    [Fact]
    public void TimestampWrap_KeepsCounting()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(uint.MaxValue - 79, 8000, 0, true);

        Assert.Equal(160, timeline.Place(80, 8000, 170, true));
    }

    [Fact]
    public void PacketsArrivingEarlyOrLateWithinTheBound_KeepTheirTimestampPlace()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(0, 8000, 0, true);

        Assert.Equal(1600, timeline.Place(1600, 8000, 1600 + 4000, true));
        Assert.Equal(3200, timeline.Place(3200, 8000, 3200 - 4000, true));
        Assert.Equal(0, timeline.Resyncs);
    }

    [Theory]
    [InlineData(8000 * 5, 200)]
    [InlineData(-(8000 * 5), 200)]
    public void LargeDiscrepancy_ReanchorsAtArrival(int timestampJump, long arrival)
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(100_000, 8000, 0, true);

        long position = timeline.Place(unchecked((uint)(100_000 + timestampJump)), 8000, arrival, true);

        Assert.Equal(arrival, position);
        Assert.Equal(1, timeline.Resyncs);
    }

    [Fact]
    public void PacketsDelayedByAStallKeepTheirPlaceInsteadOfShiftingTheStream()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(0, 8000, 0, true);

        // Half a second late (a stalled sender or receive loop): the packet stays where its timestamp says, so the
        // writer drops it as late and the file shows a gap, not a shift of everything after it.
        Assert.Equal(160, timeline.Place(160, 8000, arrivalPosition: 4160, isNewest: true));
        Assert.Equal(320, timeline.Place(320, 8000, arrivalPosition: 4170, isNewest: true));
        Assert.Equal(0, timeline.Resyncs);
    }

    [Fact]
    public void BacklogDrainedAfterAFiveSecondStallKeepsItsPlaceAndTheLiveStreamFollowsOn()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(0, 8000, 0, true);
        const long Resumed = 8000 * 5;

        // 250 packets held in the socket buffer through the stall are all read within a few milliseconds.
        for (var n = 1; n <= 250; n++)
            Assert.Equal(n * 160, timeline.Place((uint)(n * 160), 8000, Resumed + n, true));
        Assert.Equal(251 * 160, timeline.Place(251 * 160, 8000, (251 * 160) + 40, true));

        Assert.Equal(0, timeline.Resyncs);
    }

    [Fact]
    public void ALagThatLastsADriftBoundOfArrivalTimeReanchors()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(0, 8000, 0, true);
        const long Lag = 8000 * 2;

        // Every packet follows on from the one before but arrives two seconds behind its place, for a whole second.
        for (var n = 1; n < 50; n++)
            Assert.Equal(n * 160, timeline.Place((uint)(n * 160), 8000, Lag + (n * 160), true));
        Assert.Equal(0, timeline.Resyncs);

        Assert.Equal(Lag + (51 * 160), timeline.Place(51 * 160, 8000, Lag + (51 * 160), true));
        Assert.Equal(1, timeline.Resyncs);
        Assert.Equal(Lag + (52 * 160), timeline.Place(52 * 160, 8000, Lag + (52 * 160), true));
        Assert.Equal(1, timeline.Resyncs);
    }

    [Fact]
    public void ALateBurstEndsTheLagSoALaterOneIsJudgedAfresh()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(0, 8000, 0, true);
        timeline.Place(160, 8000, 8000 * 3, true);
        timeline.Place(8000 * 3, 8000, 8000 * 3, true);

        // A second stall well after the first: its lag counts from its own start, not the first one's.
        Assert.Equal((8000 * 3) + 160, timeline.Place((8000 * 3) + 160, 8000, 8000 * 6, true));
        Assert.Equal(0, timeline.Resyncs);
    }

    [Fact]
    public void ReorderedPacket_IsPlacedWithoutMovingTheMapping()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(1000, 8000, 0, true);
        timeline.Place(1320, 8000, 320, true);

        Assert.Equal(160, timeline.Place(1160, 8000, 330, false));
        Assert.Equal(480, timeline.Place(1480, 8000, 480, true));
    }

    [Fact]
    public void Reset_AnchorsTheNextPacketAtArrival()
    {
        var timeline = new StreamTimeline(8000, TimeSpan.FromSeconds(1));
        timeline.Place(0, 8000, 0, true);

        timeline.Reset();

        Assert.Equal(5000, timeline.Place(160, 8000, 5000, true));
    }
}
