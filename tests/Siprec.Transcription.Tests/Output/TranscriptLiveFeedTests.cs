using Siprec.Transcription.Output;

namespace Siprec.Transcription.Tests.Output;

public sealed class TranscriptLiveFeedTests
{
    private static TranscriptResult Result(string session, string text) =>
        new(session, 0, null, null, true, text, null, TimeSpan.Zero, TimeSpan.FromSeconds(1), "p", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Session_subscribers_see_their_session_and_global_ones_see_all()
    {
        var feed = new TranscriptLiveFeed();
        using var one = feed.Subscribe("a");
        using var all = feed.Subscribe(null);
        await feed.WriteAsync(Result("a", "1"), CancellationToken.None);
        await feed.WriteAsync(Result("b", "2"), CancellationToken.None);

        Assert.True(one.Results.TryRead(out var first));
        Assert.Equal("1", first.Text);
        Assert.False(one.Results.TryRead(out _));
        Assert.True(all.Results.TryRead(out _));
        Assert.True(all.Results.TryRead(out var second));
        Assert.Equal("2", second.Text);
    }

    [Fact]
    public async Task A_lagging_subscriber_keeps_the_newest_results_and_leaving_completes_it()
    {
        var feed = new TranscriptLiveFeed(capacity: 2);
        var slow = feed.Subscribe(null);
        for (var i = 0; i < 5; i++)
        {
            await feed.WriteAsync(Result("a", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
        }

        Assert.True(slow.Results.TryRead(out var r1));
        Assert.True(slow.Results.TryRead(out var r2));
        Assert.Equal(("3", "4"), (r1.Text, r2.Text));
        slow.Dispose();
        Assert.Equal(0, feed.SubscriberCount);
        Assert.True(slow.Results.Completion.IsCompleted);
    }
}
