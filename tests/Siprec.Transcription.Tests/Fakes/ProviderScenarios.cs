using Siprec.Transcription.Feed;

namespace Siprec.Transcription.Tests.Fakes;

/// <summary>Steps the provider tests share: fast feed timings, streaming until a result comes back, failed connects.</summary>
internal static class ProviderScenarios
{
    /// <summary>Keep-alive and reconnect timings short enough for tests.</summary>
    public static TranscriptionFeedOptions FastFeed { get; } = TranscriptionFeedOptions.Default with
    {
        KeepAliveInterval = TimeSpan.FromMilliseconds(200),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Bob's stream (index 1) of session <c>call-1</c>.</summary>
    public static SpeechStreamOptions BobOnStream1(int rate) => new("call-1", 1, "sip:bob@example.com", "Bob", null, rate, TimeSpan.Zero);

    /// <summary>Every result names <see cref="BobOnStream1"/>'s session, stream and speaker, and <paramref name="provider"/>.</summary>
    public static void AssertAllFromBob(IEnumerable<TranscriptResult> results, string provider) =>
        Assert.All(results, r =>
        {
            Assert.Equal("call-1", r.SessionId);
            Assert.Equal(1, r.StreamIndex);
            Assert.Equal("sip:bob@example.com", r.SpeakerAor);
            Assert.Equal("Bob", r.SpeakerName);
            Assert.Equal(provider, r.Provider);
        });

    /// <summary>Writes tone in 200 ms steps until a final arrives (through reconnects), bounded by <paramref name="timeout"/> after the last write.</summary>
    public static async Task StreamToneUntilFinalAsync(TranscriptionFeed feed, CollectingSink sink, int rate, Func<string> what, TimeSpan timeout)
    {
        long position = 0;
        for (var round = 0; round < 400 && sink.Finals.Count == 0; round++)
        {
            position = TestAudio.WritePackets(TestAudio.Tone(rate, TimeSpan.FromMilliseconds(200)), rate, position, (p, pos) => feed.Write(p, rate, pos));
            await Task.Delay(50);
        }

        await sink.WaitForAsync(s => s.Finals.Count >= 1, what(), timeout);
    }

    /// <summary>A refused connect is a <see cref="SpeechProviderException"/> from the provider, and the feed counts each retry.</summary>
    public static async Task RefusedConnectsAreCountedAsync(ISpeechRecognizer recognizer, SpeechStreamOptions options, int rate)
    {
        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => recognizer.OpenStreamAsync(options with { SampleRate = recognizer.PreferredSampleRate }, CancellationToken.None));
        Assert.Equal(recognizer.Name, error.Provider);

        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(recognizer, options, [], metrics, FastFeed);
        feed.Start();
        Assert.True(feed.Write(new short[rate / 50], rate, 0));
        await TestAudio.WaitUntilAsync(() => metrics.Errors >= 2 && metrics.Reconnects >= 2, "repeated failed connects");
    }
}
