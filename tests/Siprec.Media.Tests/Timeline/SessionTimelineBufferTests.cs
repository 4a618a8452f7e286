using Siprec.Media.Pipeline;
using Siprec.Media.Tests.TestSupport;
using Siprec.Media.Timeline;

namespace Siprec.Media.Tests.Timeline;

public sealed class SessionTimelineBufferTests
{
    private const int Rate = 8000;
    private const int Packet = 160;
    private const long Length = 3 * Rate;

    // The gate closes 6.25 ms into block 50 and opens 16.25 ms into block 100: mid-block and between packets of both legs.
    private const long PauseAt = 8050;
    private const long ResumeAt = 16130;

    // What the legs send while paused; no position's own value reaches it within Length.
    private const short Secret = 30000;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Leg 0's packets start 5 ms into each block, leg 1's 12 ms: each packet arrives when its first sample is due.
    private static readonly long[] Phases = [40, 96];

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

    [Theory]
    [InlineData(true, 7700)]
    [InlineData(false, 7840)]
    public void BackdatedPause_CutsExactlyWhereItWasPlacedEvenOverAudioAlreadyBuffered(bool backdated, int expectedFrames)
    {
        // A digit found after the fact: audio up to 7840 went into the ring while open, the pause is placed at 7700.
        var gate = new TestGate();
        var buffer = new SessionTimelineBuffer(1, Rate, TimeSpan.FromSeconds(2), gate, Start);
        buffer.Write(0, 0, Enumerable.Repeat((short)7, 7840).ToArray());
        gate.Set(new MediaGateDecision(false, false, PausedAudioBehavior.Skip, Start + TimeOf(7700)) { Backdated = backdated });
        buffer.Write(0, 7840, Enumerable.Repeat(Secret, 160).ToArray());
        var output = new short[Rate];

        int frames = buffer.Drain(Rate, output, out _);

        Assert.Equal(expectedFrames, frames);
        Assert.All(output[..frames], s => Assert.Equal(7, s));
    }

    [Fact]
    public void SkipPauseMidBlock_GoesStraightFromTheLastAudioBeforeThePauseToTheFirstAfterTheResume()
    {
        Played played = Play(PausedAudioBehavior.Skip);

        // Leg 1's first withheld packet starts at 8096 and its last one ends at 16256: the cut lies there on both channels,
        // so neither leg holds zeros for a withheld packet, and leg 0 loses audio that arrived in the open on either side.
        for (int leg = 0; leg < 2; leg++)
        {
            Assert.Equal([.. Audio(leg, 0, 8096), .. Audio(leg, 16256, Length)], played.Channels[leg]);
            Assert.DoesNotContain((short)0, played.Channels[leg]);
            Assert.DoesNotContain(leg == 0 ? Secret : (short)-Secret, played.Channels[leg]);
        }

        Assert.Equal(
            [
                new PauseTransition(true, 8096, TimeOf(8096), Start + TimeOf(8096), PausedAudioBehavior.Skip),
                new PauseTransition(false, 8096, TimeOf(16256), Start + TimeOf(16256), PausedAudioBehavior.Skip),
            ],
            played.Transitions);
    }

    [Fact]
    public void SilencePauseMidBlock_WritesSilenceFromTheFirstWithheldPacketToTheEndOfTheLast()
    {
        Played played = Play(PausedAudioBehavior.Silence);

        for (int leg = 0; leg < 2; leg++)
        {
            Assert.Equal([.. Audio(leg, 0, 8096), .. new short[16256 - 8096], .. Audio(leg, 16256, Length)], played.Channels[leg]);
            Assert.DoesNotContain(leg == 0 ? Secret : (short)-Secret, played.Channels[leg]);
        }

        Assert.Equal(
            [
                new PauseTransition(true, 8096, TimeOf(8096), Start + TimeOf(8096), PausedAudioBehavior.Silence),
                new PauseTransition(false, 16256, TimeOf(16256), Start + TimeOf(16256), PausedAudioBehavior.Silence),
            ],
            played.Transitions);
    }

    [Theory]
    [InlineData(PausedAudioBehavior.Skip)]
    [InlineData(PausedAudioBehavior.Silence)]
    public void PauseWithNothingWithheld_IsCutAtTheGatesInstants(PausedAudioBehavior behavior)
    {
        // No packet starts between 7800 and 16500: leg 0 falls quiet at 7880 and speaks again at 16520, leg 1 at 7936 and 16576.
        Played played = Play(behavior, t => t is < 7800 or >= 16500);
        long[] quietFrom = [7880, 7936];
        long[] quietTo = [16520, 16576];

        long resumeOffset = behavior == PausedAudioBehavior.Skip ? PauseAt : ResumeAt;
        for (int leg = 0; leg < 2; leg++)
        {
            long silent = behavior == PausedAudioBehavior.Skip
                ? (PauseAt - quietFrom[leg]) + (quietTo[leg] - ResumeAt)
                : quietTo[leg] - quietFrom[leg];
            Assert.Equal([.. Audio(leg, 0, quietFrom[leg]), .. new short[silent], .. Audio(leg, quietTo[leg], Length)], played.Channels[leg]);
        }

        Assert.Equal(
            [
                new PauseTransition(true, PauseAt, TimeOf(PauseAt), Start + TimeOf(PauseAt), behavior),
                new PauseTransition(false, resumeOffset, TimeOf(ResumeAt), Start + TimeOf(ResumeAt), behavior),
            ],
            played.Transitions);
    }

    [Fact]
    public void PauseStart_MovesAtMostSixtyMillisecondsBeforeTheGatesInstant()
    {
        // One leg whose packets are read 100 ms after they are due: the first one withheld lies 86 ms before the pause.
        var gate = new TestGate();
        var buffer = new SessionTimelineBuffer(1, Rate, TimeSpan.FromSeconds(1), gate, Start);
        for (long x = 0; x < 2 * Rate; x += Packet)
        {
            if (x + 800 >= PauseAt && gate.Current.RecordingOpen)
                gate.Set(new MediaGateDecision(false, true, PausedAudioBehavior.Skip, Start + TimeOf(PauseAt)));
            buffer.Write(0, x, Audio(0, x, x + Packet));
        }

        buffer.Drain(2 * Rate, new short[2 * Rate], out _);

        PauseTransition pause = Assert.Single(buffer.GetTransitions());
        Assert.Equal(new PauseTransition(true, PauseAt - 480, TimeOf(PauseAt - 480), Start + TimeOf(PauseAt - 480), PausedAudioBehavior.Skip), pause);
    }

    [Fact]
    public void AudioWrittenWhileTheGateIsClosed_IsNotKept()
    {
        var gate = new TestGate();
        var buffer = new SessionTimelineBuffer(1, Rate, TimeSpan.FromSeconds(1), gate, Start);
        gate.Set(new MediaGateDecision(false, true, PausedAudioBehavior.Silence, Start));
        buffer.Write(0, 0, Enumerable.Repeat(Secret, Packet).ToArray());
        gate.Set(MediaGateDecision.Open with { RecordingChangedAt = Start + TimeOf(Packet) });
        buffer.Write(0, Packet, Enumerable.Repeat((short)7, Packet).ToArray());
        var output = new short[2 * Packet];

        Assert.Equal(2 * Packet, buffer.Drain(2 * Packet, output, out _));
        Assert.Equal([.. new short[Packet], .. Enumerable.Repeat((short)7, Packet)], output);
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

    /// <summary>
    /// Plays two legs of 20 ms packets (each written when it arrives, and it arrives when its first sample is due) through a
    /// gate that closes at <see cref="PauseAt"/> and opens at <see cref="ResumeAt"/>, with the writer draining 100 ms behind;
    /// packets arriving while the gate is closed carry <see cref="Secret"/>.
    /// </summary>
    private static Played Play(PausedAudioBehavior behavior, Func<long, bool>? sends = null)
    {
        var gate = new TestGate();
        var buffer = new SessionTimelineBuffer(2, Rate, TimeSpan.FromSeconds(1), gate, Start);
        var file = new List<short>();
        var staging = new short[2 * 25 * Packet];
        for (long t = 0; t < Length; t++)
        {
            if (t == PauseAt)
                gate.Set(new MediaGateDecision(false, true, behavior, Start + TimeOf(t)));
            if (t == ResumeAt)
                gate.Set(MediaGateDecision.Open with { RecordingChangedAt = Start + TimeOf(t) });
            for (int leg = 0; leg < 2; leg++)
            {
                if ((t == 0 || (t >= Phases[leg] && (t - Phases[leg]) % Packet == 0)) && (sends?.Invoke(t) ?? true))
                {
                    long end = Math.Min(t < Phases[leg] ? Phases[leg] : t + Packet, Length);
                    short[] samples = t is >= PauseAt and < ResumeAt
                        ? Enumerable.Repeat(leg == 0 ? Secret : (short)-Secret, (int)(end - t)).ToArray()
                        : Audio(leg, t, end);
                    Assert.Equal(default, buffer.Write(leg, t, samples));
                }
            }

            if (t % Packet == 0)
            {
                buffer.ObserveGate();
                DrainInto(buffer, t - 800, staging, file);
            }
        }

        DrainInto(buffer, Length, staging, file);
        Assert.Equal(file.Count / 2, buffer.FileFrames);
        short[][] channels = [new short[file.Count / 2], new short[file.Count / 2]];
        for (int i = 0; i < file.Count; i++)
            channels[i % 2][i / 2] = file[i];
        return new Played(channels, buffer.GetTransitions());
    }

    private static void DrainInto(SessionTimelineBuffer buffer, long position, short[] staging, List<short> file)
    {
        bool more = true;
        while (more)
        {
            int frames = buffer.Drain(position, staging, out more);
            file.AddRange(staging.AsSpan(0, frames * 2));
        }
    }

    /// <summary>What leg <paramref name="leg"/> says over [<paramref name="from"/>, <paramref name="to"/>): each sample names its position.</summary>
    private static short[] Audio(int leg, long from, long to)
    {
        var samples = new short[to - from];
        for (long x = from; x < to; x++)
            samples[x - from] = (short)(leg == 0 ? 1 + x : -1 - x);
        return samples;
    }

    private static TimeSpan TimeOf(long position) => TimeSpan.FromTicks(position * TimeSpan.TicksPerSecond / Rate);

    private sealed record Played(short[][] Channels, IReadOnlyList<PauseTransition> Transitions);
}
