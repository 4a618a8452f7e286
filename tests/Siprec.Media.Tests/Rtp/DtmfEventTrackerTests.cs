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
            if (tracker.Observe(1000, new TelephoneEventPayload(11, end, 10, duration), Start, 8000, 1, out DtmfEvent e))
                reported.Add(e);
        }

        Assert.Equal([new DtmfEvent(1, '#', Start, TimeSpan.FromMilliseconds(100), true)], reported);
    }

    [Fact]
    public void EventWhoseEndIsLost_IsReportedWhenTheNextStarts()
    {
        var tracker = new DtmfEventTracker();
        tracker.Observe(1000, new TelephoneEventPayload(1, false, 10, 400), Start, 8000, 0, out _);

        bool reported = tracker.Observe(5000, new TelephoneEventPayload(2, false, 10, 160), Start + TimeSpan.FromSeconds(1), 8000, 0, out DtmfEvent e);

        Assert.True(reported);
        Assert.Equal(new DtmfEvent(0, '1', Start, TimeSpan.FromMilliseconds(50), false), e);
    }

    [Fact]
    public void NonDtmfEvents_AreNotReported()
    {
        var tracker = new DtmfEventTracker();

        Assert.False(tracker.Observe(1, new TelephoneEventPayload(70, true, 10, 160), Start, 8000, 0, out _));
    }

    [Theory]
    [InlineData(new byte[] { 5, 0x8A, 0x03, 0x20 }, (byte)5, true, (byte)10, (ushort)800, '5')]
    [InlineData(new byte[] { 10, 0x00, 0x00, 0xA0 }, (byte)10, false, (byte)0, (ushort)160, '*')]
    [InlineData(new byte[] { 15, 0x3F, 0xFF, 0xFF, 0xEE }, (byte)15, false, (byte)63, (ushort)65535, 'D')]
    public void Payload_IsRead(byte[] payload, byte code, bool end, byte volume, ushort duration, char digit)
    {
        Assert.True(TelephoneEventPayload.TryParse(payload, out TelephoneEventPayload value));
        Assert.Equal(new TelephoneEventPayload(code, end, volume, duration), value);
        Assert.Equal(digit, value.Digit);
    }

    [Fact]
    public void ShortPayload_IsRejected() => Assert.False(TelephoneEventPayload.TryParse([1, 2, 3], out _));
}
