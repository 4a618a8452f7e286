using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Recording.Srs;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Srs;

public sealed class RtpTimeoutWatchdogTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task ACallIsHandedOverOnTheFirstTickWhenItsLastPacketIsTimeoutOld()
    {
        var clock = new TimerCountingTimeProvider(Start);
        var call = new WatchedCall("silent", Start);
        var ended = new List<string>();
        await using var watchdog = Watch(clock, [call], ended);

        for (var second = 1; second <= 3; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Empty(ended);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["silent"], ended);
    }

    [Fact]
    public async Task APacketStartsTheSilenceAgain()
    {
        var clock = new TimerCountingTimeProvider(Start);
        var call = new WatchedCall("talking", Start);
        var ended = new List<string>();
        await using var watchdog = Watch(clock, [call], ended);

        clock.Advance(TimeSpan.FromSeconds(3));
        call.LastRtpAt = clock.GetUtcNow();
        for (var second = 1; second <= 3; second++)
            clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(ended);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["talking"], ended);
    }

    [Fact]
    public async Task ACallThatOwesNoRtpIsNeverHandedOverAndAnEndingOneOnlyOnce()
    {
        var clock = new TimerCountingTimeProvider(Start);
        var paused = new WatchedCall("paused", Start) { ExpectsRtp = false };
        var silent = new WatchedCall("silent", Start);
        var ended = new List<string>();
        await using var watchdog = new RtpTimeoutWatchdog<WatchedCall>(Timeout, clock, () => [paused, silent], call =>
        {
            ended.Add(call.SessionId);
            call.ExpectsRtp = false;
        }, NullLogger.Instance);

        for (var second = 1; second <= 20; second++)
            clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["silent"], ended);
    }

    [Fact]
    public async Task DisposedItStopsWatching()
    {
        var clock = new TimerCountingTimeProvider(Start);
        var ended = new List<string>();
        var watchdog = Watch(clock, [new WatchedCall("late", Start)], ended);
        Assert.Equal(1, clock.ActiveTimers);

        await watchdog.DisposeAsync();
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, clock.ActiveTimers);
        Assert.Empty(ended);
    }

    [Theory]
    [InlineData(30, 1000)]
    [InlineData(2, 500)]
    [InlineData(0.4, 200)]
    public void LooksEveryQuarterOfTheTimeoutBetweenAFifthOfASecondAndASecond(double timeoutSeconds, int tickMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(tickMilliseconds), RtpTimeoutWatchdog<WatchedCall>.TickFor(TimeSpan.FromSeconds(timeoutSeconds)));

    private static RtpTimeoutWatchdog<WatchedCall> Watch(TimerCountingTimeProvider clock, WatchedCall[] calls, List<string> ended) =>
        new(Timeout, clock, () => calls, call => ended.Add(call.SessionId), NullLogger.Instance);
}
