using Siprec.Media.Codecs;
using Siprec.Media.Rtp;

namespace Siprec.Media.Tests.Rtp;

public sealed class DtmfEventTrackerTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(3);

    [Fact]
    public void RepeatedEndPackets_ReportTheDigitOnce()
    {
        var tracker = new DtmfEventTracker();
        var reported = new List<DtmfEvent>();
        foreach ((bool end, ushort duration) in new[] { (false, (ushort)160), (false, (ushort)320), (true, (ushort)800), (true, (ushort)800), (true, (ushort)800) })
        {
            if (tracker.Observe(1000, new TelephoneEvent(11, end, 10, duration), Start, 8000, 1, out DtmfEvent e))
                reported.Add(e);
        }

        Assert.Equal([new DtmfEvent(1, '#', Start, TimeSpan.FromMilliseconds(100), true)], reported);
    }

    [Fact]
    public void EventWhoseEndIsLost_IsReportedWhenTheNextStarts()
    {
        var tracker = new DtmfEventTracker();
        tracker.Observe(1000, new TelephoneEvent(1, false, 10, 400), Start, 8000, 0, out _);

        bool reported = tracker.Observe(5000, new TelephoneEvent(2, false, 10, 160), Start + TimeSpan.FromSeconds(1), 8000, 0, out DtmfEvent e);

        Assert.True(reported);
        Assert.Equal(new DtmfEvent(0, '1', Start, TimeSpan.FromMilliseconds(50), false), e);
    }

    [Fact]
    public void NonDtmfEvents_AreNotReported()
    {
        var tracker = new DtmfEventTracker();

        Assert.False(tracker.Observe(1, new TelephoneEvent(70, true, 10, 160), Start, 8000, 0, out _));
    }
}
