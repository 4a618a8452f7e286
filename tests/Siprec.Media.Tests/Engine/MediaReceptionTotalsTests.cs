using Siprec.Media.Engine;
using static Siprec.Media.Tests.TestSupport.MediaSessionHarness;

namespace Siprec.Media.Tests.Engine;

public sealed class MediaReceptionTotalsTests
{
    private const int Block = PacketSamples;
    private const int PacketBytes = 12 + (2 * PacketSamples);

    [Fact]
    public async Task EngineTotals_GrowWhileTheSessionRunsAndStayPutWhenItCompletes()
    {
        await using var harness = Start(2);
        Assert.Equal(default, harness.Engine.GetReceptionTotals());

        for (int k = 0; k < 10; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)), (1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));
        Assert.Equal(new RtpReceptionTotals(20, 20 * PacketBytes, 0, 0, 0), harness.Engine.GetReceptionTotals());

        for (int k = 10; k < 15; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)));
        RtpReceptionTotals live = harness.Engine.GetReceptionTotals();
        Assert.Equal(new RtpReceptionTotals(25, 25 * PacketBytes, 0, 0, 0), live);
        Assert.Equal(live, harness.Session.GetReceptionTotals());

        await harness.Session.CompleteAsync();

        Assert.Equal(0, harness.Engine.SessionCount);
        Assert.Equal(live, harness.Engine.GetReceptionTotals());
        Assert.Equal(live, harness.Session.GetReceptionTotals());
    }

    [Fact]
    public async Task SessionTotals_KeepTheCountersOfReplacedAndRemovedStreams()
    {
        await using var harness = Start(2);
        for (int k = 0; k < 10; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)), (1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));

        await harness.Session.ReplaceStreamAsync(0, harness.Describe(0));
        await harness.Session.RemoveStreamAsync(1);
        for (int k = 10; k < 14; k++)
            harness.Step((0, AudioPacket(0, (ushort)(500 + k), (uint)(k * Block), k * Block, ssrc: 7)));

        Assert.Equal(4, Assert.Single(harness.Session.GetStreamStats()).PacketsReceived);
        Assert.Equal(24, harness.Session.GetReceptionTotals().PacketsReceived);
        Assert.Equal(24, harness.Engine.GetReceptionTotals().PacketsReceived);

        await harness.Session.CompleteAsync();

        Assert.Equal(24, harness.Engine.GetReceptionTotals().PacketsReceived);
    }

    [Fact]
    public async Task Totals_CountGapsAsLostAndFarLatePacketsAsLate()
    {
        await using var harness = Start(1);
        for (int k = 0; k < 30; k++)
        {
            if (k != 10)
                harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)));
        }

        Assert.Equal((29L, 1L, 0L), Counts(harness.Engine.GetReceptionTotals()));

        harness.Step((0, AudioPacket(0, 10, 10 * Block, 10 * Block)));

        // A late packet did arrive: it is no longer lost, but it came too late to be placed.
        Assert.Equal((29L, 0L, 1L), Counts(harness.Engine.GetReceptionTotals()));
        await harness.Session.CompleteAsync();
    }

    private static (long Received, long Lost, long Late) Counts(RtpReceptionTotals totals) =>
        (totals.PacketsReceived, totals.PacketsLost, totals.PacketsLate);
}
