using Siprec.Media.Engine;
using Siprec.Media.Tests.TestSupport;
using Siprec.Media.Wav;
using static Siprec.Media.Tests.TestSupport.MediaSessionHarness;

namespace Siprec.Media.Tests.Engine;

public sealed class MediaSessionReinviteTests
{
    private const int Block = PacketSamples;

    [Fact]
    public async Task AddedStream_TakesAFreeChannelFromItsArrival()
    {
        await using var harness = Start(1, new MediaSessionOptions("unused") { ChannelCount = 2 });
        for (int k = 0; k < 60; k++)
        {
            if (k == 20)
                Assert.Equal(1, harness.Session.AddStream(harness.Describe(1)));
            var packets = new List<(int, byte[])> { (0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)) };
            if (k >= 20)
                packets.Add((1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));
            harness.Step([.. packets]);
        }

        Assert.Throws<InvalidOperationException>(() => harness.Session.AddStream(harness.Describe(2)));
        await harness.Session.CompleteAsync();

        WavFileContent wav = WavFileReader.Read(harness.RecordingPath);
        Assert.Equal(PatternBlock(0, 0, 60 * Block), wav.Channel(0));
        Assert.Equal([.. new short[20 * Block], .. PatternBlock(1, 20 * Block, 40 * Block)], wav.Channel(1));
    }

    [Fact]
    public async Task ReplacedStream_ContinuesInTheSameChannel()
    {
        await using var harness = Start(1);
        for (int k = 0; k < 60; k++)
        {
            if (k == 30)
                await harness.Session.ReplaceStreamAsync(0, harness.Describe(0));
            harness.Step((0, AudioPacket(0, (ushort)(k < 30 ? k : 7000 + k), (uint)(k < 30 ? k * Block : 99_000 + (k * Block)), k * Block, ssrc: k < 30 ? 1u : 2u)));
        }

        await harness.Session.CompleteAsync();

        Assert.Equal(PatternBlock(0, 0, 60 * Block), WavFileReader.Read(harness.RecordingPath).Channel(0));
        Assert.Equal([2u], harness.Session.GetStreamStats()[0].SsrcsSeen);
    }

    [Fact]
    public async Task CompletedSession_RejectsControlCallsAndKeepsItsStats()
    {
        await using var harness = Start(1);
        harness.Step((0, AudioPacket(0, 0, 0, 0)));

        await harness.Session.CompleteAsync();
        await harness.Session.CompleteAsync();

        Assert.Throws<InvalidOperationException>(() => harness.Session.AddStream(harness.Describe(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Session.RelockSsrc(0));
        Assert.Equal(1, harness.Session.GetStreamStats()[0].PacketsReceived);
        Assert.Equal(0, harness.Engine.SessionCount);
    }
}
