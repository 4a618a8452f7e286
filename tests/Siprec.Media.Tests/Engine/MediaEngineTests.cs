using System.Net;
using Microsoft.Extensions.Time.Testing;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Media.Tests.TestSupport;

namespace Siprec.Media.Tests.Engine;

public sealed class MediaEngineTests : IDisposable
{
    private const int Sessions = 5;
    private const int BatchFrames = 800;

    private readonly string _directory = Directory.CreateTempSubdirectory("siprec-engine-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SessionsStartedTogether_AreWrittenOnDifferentTicks_EachOncePerWriteInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        int first = 20000 + (Random.Shared.Next(0, 18) * 2000);
        var ports = new RtpPortAllocator(new RtpPortRange(first, first + 1999));
        await using var engine = new MediaEngine(time);
        var sessions = new List<MediaSession>();
        for (int i = 0; i < Sessions; i++)
        {
            var stream = new MediaStreamDescription(
                "leg0",
                ports.Allocate(IPAddress.Loopback),
                [new RtpAudioFormat(MediaSessionHarness.LinearPayloadType, "L16", 8000, () => new LinearTestDecoder(8000))],
                new TelephoneEventFormat(MediaSessionHarness.TelephoneEventPayloadType),
                null);
            sessions.Add(engine.StartSession(new MediaSessionOptions(Path.Combine(_directory, $"call{i}.wav")), [stream], new TestGate(time)));
        }

        // Past the jitter delay and the first batch of every session (0.5 s + 0.1 s + one turn of the five ticks), one tick
        // at a time as a real clock goes: a single long step would run every tick at its end.
        for (int tick = 0; tick < 35; tick++)
            time.Advance(TimeSpan.FromMilliseconds(20));
        var grownPerTick = new List<int>();
        for (int tick = 0; tick < 2 * Sessions; tick++)
        {
            long[] before = [.. sessions.Select(s => s.RecordedFrames)];
            time.Advance(TimeSpan.FromMilliseconds(20));
            long[] growth = [.. sessions.Select((s, i) => s.RecordedFrames - before[i])];
            Assert.All(growth, g => Assert.True(g is 0 or BatchFrames, $"a session grew by {g} frames on one tick"));
            grownPerTick.Add(growth.Count(g => g > 0));
        }

        // One session per tick, so each of the five is written twice in ten ticks (every 100 ms).
        Assert.Equal(Enumerable.Repeat(1, 2 * Sessions), grownPerTick);
    }
}
