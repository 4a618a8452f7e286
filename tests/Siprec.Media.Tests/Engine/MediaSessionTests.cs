using Siprec.Media.Engine;
using Siprec.Media.Pipeline;
using Siprec.Media.Rtp;
using Siprec.Media.Tests.TestSupport;
using Siprec.Media.Timeline;
using Siprec.Media.Wav;
using static Siprec.Media.Tests.TestSupport.MediaSessionHarness;

namespace Siprec.Media.Tests.Engine;

public sealed class MediaSessionTests
{
    private const int Block = PacketSamples;

    [Theory]
    [InlineData(RtpReceiveMode.Epoll)]
    [InlineData(RtpReceiveMode.Portable)]
    public async Task TwoStreams_GiveATwoChannelWavWithEachStreamsSamples(RtpReceiveMode receiveMode)
    {
        await using var harness = MediaSessionHarness.Start(2, receiveMode: receiveMode);
        for (int k = 0; k < 100; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)), (1, AudioPacket(1, (ushort)(500 + k), (uint)(77_000 + (k * Block)), k * Block)));

        await harness.Session.CompleteAsync();

        WavFileContent wav = WavFileReader.Read(harness.RecordingPath);
        Assert.Equal(2, wav.Channels);
        Assert.Equal(8000, wav.SampleRate);
        Assert.Equal(100 * Block, wav.Frames);
        Assert.Equal(PatternBlock(0, 0, 100 * Block), wav.Channel(0));
        Assert.Equal(PatternBlock(1, 0, 100 * Block), wav.Channel(1));
        Assert.All(harness.Session.GetStreamStats(), s => Assert.Equal(100, s.PacketsReceived));
    }

    [Fact]
    public async Task MonoFiles_HoldOneStreamEach()
    {
        await using var harness = Start(2, new MediaSessionOptions("unused") { MonoFilePaths = [Path.GetTempFileName(), Path.GetTempFileName()] });
        for (int k = 0; k < 20; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)), (1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));

        await harness.Session.CompleteAsync();

        for (int c = 0; c < 2; c++)
        {
            WavFileContent mono = WavFileReader.Read(harness.Options.MonoFilePaths![c]);
            File.Delete(harness.Options.MonoFilePaths[c]);
            Assert.Equal(1, mono.Channels);
            Assert.Equal(PatternBlock(c, 0, 20 * Block), mono.Samples);
        }
    }

    [Fact]
    public async Task SessionWithoutMedia_RecordsItsSilence_UntilTheFirstPacket()
    {
        await using var harness = Start(2, new MediaSessionOptions("unused") { MonoFilePaths = [Path.GetTempFileName(), Path.GetTempFileName()] });
        for (int k = 0; k < 100; k++)
            harness.Step();

        Assert.True(WavFileReader.Read(harness.RecordingPath).FileDataBytes > 0, "the silence before the first packet was not written");

        for (int k = 100; k < 150; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)), (1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));

        await harness.Session.CompleteAsync();

        WavFileContent wav = WavFileReader.Read(harness.RecordingPath);
        Assert.Equal(150 * Block, wav.Frames);
        for (int c = 0; c < 2; c++)
        {
            short[] channel = wav.Channel(c);
            int first = Array.FindIndex(channel, s => s != 0);
            Assert.InRange(first, (100 * Block) - Block, (100 * Block) + Block);
            Assert.All(channel[..first], s => Assert.Equal(0, s));
            Assert.Equal(PatternBlock(c, 100 * Block, channel.Length - first), channel[first..]);
            WavFileContent mono = WavFileReader.Read(harness.Options.MonoFilePaths![c]);
            File.Delete(harness.Options.MonoFilePaths[c]);
            Assert.Equal(channel, mono.Samples);
        }
    }

    [Fact]
    public async Task LegStartingTwoSecondsLate_StartsTwoSecondsIntoItsChannel()
    {
        await using var harness = Start(2);
        for (int k = 0; k < 200; k++)
        {
            var packets = new List<(int, byte[])> { (0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)) };
            if (k >= 100)
                packets.Add((1, AudioPacket(1, (ushort)(k - 100), (uint)(5000 + ((k - 100) * Block)), (k - 100) * Block)));
            harness.Step([.. packets]);
        }

        await harness.Session.CompleteAsync();

        short[] late = WavFileReader.Read(harness.RecordingPath).Channel(1);
        int first = Array.FindIndex(late, s => s != 0);
        Assert.InRange(first, 16000 - Block, 16000 + Block);
        Assert.Equal(PatternBlock(1, 0, late.Length - first), late[first..]);
    }

    [Fact]
    public async Task FivePercentLoss_KeepsDurationWithSilenceInTheGaps()
    {
        await using var harness = Start(1);
        for (int k = 0; k < 100; k++)
        {
            if (k % 20 == 7)
                harness.Step();
            else
                harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)));
        }

        await harness.Session.CompleteAsync();

        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.Equal(100 * Block, channel.Length);
        for (int k = 0; k < 100; k++)
        {
            short[] expected = k % 20 == 7 ? new short[Block] : PatternBlock(0, k * Block);
            Assert.Equal(expected, channel[(k * Block)..((k + 1) * Block)]);
        }

        Assert.Equal(5, harness.Session.GetStreamStats()[0].PacketsLost);
    }

    [Fact]
    public async Task PacketsDelayedWithinTheReorderWindow_AreRestoredInPlace()
    {
        await using var harness = Start(1);
        var delayed = new Dictionary<int, int> { [10] = 13, [30] = 32, [50] = 54 };
        for (int k = 0; k < 80; k++)
        {
            var packets = new List<(int, byte[])>();
            if (!delayed.ContainsKey(k))
                packets.Add((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)));
            foreach (int late in delayed.Where(d => d.Value == k).Select(d => d.Key))
                packets.Add((0, AudioPacket(0, (ushort)late, (uint)(late * Block), late * Block)));
            harness.Step([.. packets]);
        }

        await harness.Session.CompleteAsync();

        Assert.Equal(PatternBlock(0, 0, 80 * Block), WavFileReader.Read(harness.RecordingPath).Channel(0));
        var stats = harness.Session.GetStreamStats()[0];
        Assert.Equal((80, 0, 0), (stats.PacketsReceived, stats.PacketsLost, stats.PacketsLate));
    }

    [Fact]
    public async Task DuplicatePackets_AreDroppedAndCounted()
    {
        await using var harness = Start(1);
        for (int k = 0; k < 50; k++)
        {
            byte[] packet = AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block);
            harness.Step((0, packet), (0, packet));
        }

        await harness.Session.CompleteAsync();

        Assert.Equal(PatternBlock(0, 0, 50 * Block), WavFileReader.Read(harness.RecordingPath).Channel(0));
        var stats = harness.Session.GetStreamStats()[0];
        Assert.Equal((50, 50), (stats.PacketsReceived, stats.PacketsDuplicate));
    }

    [Fact]
    public async Task SilenceSuppressionGap_BecomesSilenceOfTheRightLength()
    {
        await using var harness = Start(1);
        int sequence = 0;
        for (int k = 0; k < 150; k++)
        {
            if (k is >= 50 and < 100)
                harness.Step();
            else
                harness.Step((0, AudioPacket(0, (ushort)sequence++, (uint)(k * Block), k * Block)));
        }

        await harness.Session.CompleteAsync();

        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.Equal(150 * Block, channel.Length);
        Assert.Equal(PatternBlock(0, 0, 50 * Block), channel[..(50 * Block)]);
        Assert.All(channel[(50 * Block)..(100 * Block)], s => Assert.Equal(0, s));
        Assert.Equal(PatternBlock(0, 100 * Block, 50 * Block), channel[(100 * Block)..]);
        Assert.Equal(0, harness.Session.GetStreamStats()[0].PacketsLost);
    }

    [Fact]
    public async Task SustainedNewSsrc_RelocksAndPlacesTheNewSourceAtItsArrival()
    {
        await using var harness = Start(1);
        for (int k = 0; k < 100; k++)
        {
            byte[] packet = k < 50
                ? AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block, ssrc: 0xAAAA)
                : AudioPacket(0, (ushort)(30000 + k), (uint)(900_000 + (k * Block)), k * Block, ssrc: 0xBBBB);
            harness.Step((0, packet));
        }

        await harness.Session.CompleteAsync();

        var stats = harness.Session.GetStreamStats()[0];
        Assert.Equal([0xAAAAu, 0xBBBBu], stats.SsrcsSeen);
        Assert.Equal(9, stats.PacketsForeignSsrc);
        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.Equal(PatternBlock(0, 0, 50 * Block), channel[..(50 * Block)]);
        Assert.All(channel[(50 * Block)..(59 * Block)], s => Assert.Equal(0, s));
        Assert.Equal(PatternBlock(0, 59 * Block, 41 * Block), channel[(59 * Block)..]);
    }

    [Fact]
    public async Task RequestedRelock_TakesTheNextPacketsSourceAtOnce()
    {
        await using var harness = Start(1);
        for (int k = 0; k < 60; k++)
        {
            if (k == 30)
                harness.Session.RelockSsrc(0);
            byte[] packet = k < 30
                ? AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block, ssrc: 0xAAAA)
                : AudioPacket(0, (ushort)(9000 + k), (uint)(123_456 + (k * Block)), k * Block, ssrc: 0xCCCC);
            harness.Step((0, packet));
        }

        await harness.Session.CompleteAsync();

        var stats = harness.Session.GetStreamStats()[0];
        Assert.Equal([0xAAAAu, 0xCCCCu], stats.SsrcsSeen);
        Assert.Equal(0, stats.PacketsForeignSsrc);
        Assert.Equal(PatternBlock(0, 0, 60 * Block), WavFileReader.Read(harness.RecordingPath).Channel(0));
    }

    [Fact]
    public async Task TelephoneEvents_ProduceOneDtmfEventAndNoAudio()
    {
        await using var harness = Start(1);
        var events = new List<DtmfEvent>();
        harness.Session.DtmfReceived += e =>
        {
            lock (events)
                events.Add(e);
        };
        for (int k = 0; k < 40; k++)
        {
            byte[] packet = k is >= 20 and < 30
                ? RtpPacketBuilder.Build(TelephoneEventPayloadType, (ushort)k, 20 * Block, 0x1000, RtpPacketBuilder.TelephoneEvent(5, end: k >= 27, (ushort)(Math.Min(k - 19, 8) * Block)))
                : AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block);
            harness.Step((0, packet));
        }

        await harness.Session.CompleteAsync();

        DtmfEvent dtmf = Assert.Single(events);
        Assert.Equal(new DtmfEvent(0, '5', TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(160), EndSeen: true), dtmf);
        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.All(channel[(20 * Block)..(30 * Block)], s => Assert.Equal(0, s));
        Assert.Equal(PatternBlock(0, 30 * Block, 10 * Block), channel[(30 * Block)..]);
        Assert.Equal(1, harness.Session.GetStreamStats()[0].DtmfEvents);
    }

    [Theory]
    [InlineData(PausedAudioBehavior.Skip)]
    [InlineData(PausedAudioBehavior.Silence)]
    public async Task RecordingPause_AppliesToBothChannelsAlike(PausedAudioBehavior behavior)
    {
        await using var harness = Start(2);
        for (int k = 0; k < 150; k++)
        {
            if (k == 50)
                harness.Gate.Set(new MediaGateDecision(false, true, behavior));
            if (k == 100)
                harness.Gate.Set(MediaGateDecision.Open);
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)), (1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));
        }

        await harness.Session.CompleteAsync();

        WavFileContent wav = WavFileReader.Read(harness.RecordingPath);
        for (int c = 0; c < 2; c++)
        {
            short[] expected = behavior == PausedAudioBehavior.Skip
                ? [.. PatternBlock(c, 0, 50 * Block), .. PatternBlock(c, 100 * Block, 50 * Block)]
                : [.. PatternBlock(c, 0, 50 * Block), .. new short[50 * Block], .. PatternBlock(c, 100 * Block, 50 * Block)];
            Assert.Equal(expected, wav.Channel(c));
        }

        long resumeOffset = behavior == PausedAudioBehavior.Skip ? 50 * Block : 100 * Block;
        DateTimeOffset start = harness.Session.StartedAt;
        Assert.Equal(
            [
                new PauseTransition(true, 50 * Block, TimeSpan.FromSeconds(1), start.AddSeconds(1), behavior),
                new PauseTransition(false, resumeOffset, TimeSpan.FromSeconds(2), start.AddSeconds(2), behavior),
            ],
            harness.Session.GetPauseTransitions());
    }

    [Theory]
    [InlineData(PausedAudioBehavior.Skip)]
    [InlineData(PausedAudioBehavior.Silence)]
    public async Task RecordingPauseBetweenPackets_IsSplicedWhereTheWithheldPacketsBeginAndEnd(PausedAudioBehavior behavior)
    {
        const short Secret = 0x5A5A;
        await using var harness = Start(2);
        int[] phases = [40, 96];
        int chunks = 0;
        void Arrive(int leg, int k, bool paused)
        {
            short[] samples = paused ? Enumerable.Repeat(Secret, Block).ToArray() : PatternBlock(leg, phases[leg] + (k * Block));
            harness.Send(leg, RtpPacketBuilder.Build(LinearPayloadType, (ushort)k, (uint)(k * Block), 0x1000u + (uint)leg, RtpPacketBuilder.Linear(samples)));
            harness.WaitForAudio(++chunks);
        }

        // Leg 0's packets arrive 5 ms into each 20 ms block, leg 1's 12 ms; the gate closes at 1007 ms and opens at 2007 ms.
        harness.Time.Advance(TimeSpan.FromMilliseconds(5));
        for (int k = 0; k < 150; k++)
        {
            Arrive(0, k, k is >= 51 and <= 100);
            harness.Time.Advance(TimeSpan.FromMilliseconds(2));
            if (k == 50)
                harness.Gate.Set(new MediaGateDecision(false, true, behavior));
            if (k == 100)
                harness.Gate.Set(MediaGateDecision.Open);
            harness.Time.Advance(TimeSpan.FromMilliseconds(5));
            Arrive(1, k, k is >= 50 and <= 99);
            harness.Time.Advance(TimeSpan.FromMilliseconds(13));
        }

        await harness.Session.CompleteAsync();

        // The first withheld packet is leg 1's at 8096 and the last one ends leg 0's at 16200.
        WavFileContent wav = WavFileReader.Read(harness.RecordingPath);
        for (int c = 0; c < 2; c++)
        {
            short[] paused = behavior == PausedAudioBehavior.Skip ? [] : new short[16200 - 8096];
            Assert.Equal([.. new short[phases[c]], .. PatternBlock(c, phases[c], 8096 - phases[c]), .. paused, .. PatternBlock(c, 16200, 24000 - 16200)], wav.Channel(c));
        }

        DateTimeOffset start = harness.Session.StartedAt;
        Assert.Equal(
            [
                new PauseTransition(true, 8096, TimeSpan.FromMilliseconds(1012), start.AddMilliseconds(1012), behavior),
                new PauseTransition(false, behavior == PausedAudioBehavior.Skip ? 8096 : 16200, TimeSpan.FromMilliseconds(2025), start.AddMilliseconds(2025), behavior),
            ],
            harness.Session.GetPauseTransitions());
    }

    [Fact]
    public async Task AudioArrivingWhileTheGateIsClosed_NeverReachesTheFileOrTheSink()
    {
        const short Secret = 0x5A5A;
        await using var harness = Start(1);
        for (int k = 0; k < 120; k++)
        {
            if (k == 40)
                harness.Gate.Set(new MediaGateDecision(false, false, PausedAudioBehavior.Silence));
            if (k == 80)
                harness.Gate.Set(MediaGateDecision.Open);
            short[] samples = k is >= 40 and < 80 ? Enumerable.Repeat(Secret, Block).ToArray() : PatternBlock(0, k * Block);
            harness.Step((0, RtpPacketBuilder.Build(LinearPayloadType, (ushort)k, (uint)(k * Block), 0x1000, RtpPacketBuilder.Linear(samples))));
        }

        await harness.Session.CompleteAsync();

        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.Equal(120 * Block, channel.Length);
        Assert.DoesNotContain(Secret, channel);
        Assert.All(harness.Sink.Chunks, c => Assert.DoesNotContain(Secret, c.Samples));
        Assert.Equal(80, harness.Sink.Chunks.Count);
        Assert.Equal(PatternBlock(0, 80 * Block, 40 * Block), channel[(80 * Block)..]);
    }

    [Fact]
    public async Task WavRead_WhileTheWriterIsOpen_IsValidAndMatchesWhatWasFlushed()
    {
        await using var harness = Start(2);
        for (int k = 0; k < 150; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)), (1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));

        WavFileContent live = WavFileReader.Read(harness.RecordingPath);
        Assert.InRange(live.DeclaredDataBytes, 8000 * 4, live.FileDataBytes);
        Assert.Equal(0, live.DeclaredDataBytes % 4);
        Assert.Equal(PatternBlock(0, 0, live.Frames), live.Channel(0));
        Assert.Equal(PatternBlock(1, 0, live.Frames), live.Channel(1));

        await harness.Session.CompleteAsync();

        WavFileContent final = WavFileReader.Read(harness.RecordingPath);
        Assert.Equal(final.FileDataBytes, final.DeclaredDataBytes);
        Assert.Equal(150 * Block, final.Frames);
    }

    [Fact]
    public async Task InactiveStream_IsSilenceAndResumesAtItsArrival()
    {
        await using var harness = Start(1);
        for (int k = 0; k < 90; k++)
        {
            if (k == 30)
                harness.Session.MarkStreamInactive(0, true);
            if (k == 60)
                harness.Session.MarkStreamInactive(0, false);
            if (k is >= 30 and < 60)
                harness.Step();
            else
                harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k < 30 ? k * Block : (k - 30) * Block), k * Block)));
        }

        await harness.Session.CompleteAsync();

        short[] channel = WavFileReader.Read(harness.RecordingPath).Channel(0);
        Assert.Equal(PatternBlock(0, 0, 30 * Block), channel[..(30 * Block)]);
        Assert.All(channel[(30 * Block)..(60 * Block)], s => Assert.Equal(0, s));
        Assert.Equal(PatternBlock(0, 60 * Block, 30 * Block), channel[(60 * Block)..]);
    }

    [Fact]
    public async Task RemovedStream_LeavesItsChannelSilentAndFreesItsPort()
    {
        await using var harness = Start(2);
        for (int k = 0; k < 60; k++)
        {
            if (k == 30)
                await harness.Session.RemoveStreamAsync(1);
            var packets = new List<(int, byte[])> { (0, AudioPacket(0, (ushort)k, (uint)(k * Block), k * Block)) };
            if (k < 30)
                packets.Add((1, AudioPacket(1, (ushort)k, (uint)(k * Block), k * Block)));
            harness.Step([.. packets]);
        }

        Assert.Single(harness.Session.GetStreamStats());
        await harness.Session.CompleteAsync();

        WavFileContent wav = WavFileReader.Read(harness.RecordingPath);
        Assert.Equal(PatternBlock(0, 0, 60 * Block), wav.Channel(0));
        Assert.Equal([.. PatternBlock(1, 0, 30 * Block), .. new short[30 * Block]], wav.Channel(1));
    }
}
