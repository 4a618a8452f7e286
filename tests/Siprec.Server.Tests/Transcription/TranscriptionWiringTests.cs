using Siprec.Recording.Transcription;
using Siprec.Server.Tests.Support;
using Siprec.Transcription;
using Siprec.Transcription.Output;

namespace Siprec.Server.Tests.Transcription;

public sealed class TranscriptionWiringTests
{
    [Fact]
    public async Task AConfiguredProviderGivesCallsATranscriberAndTheWebhookSink()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.Stt.Provider = "deepgram";
            o.Stt.DeepgramApiKey = "k";
            o.Stt.DeepgramUrl = "ws://127.0.0.1:9/v1/listen";
            o.Stt.WebhookUrl = new Uri("http://127.0.0.1:9/hook");
        });

        Assert.Equal("deepgram", server.Service<SessionTranscriberFactory>().Provider);
        Assert.NotNull(server.Service<TranscriptWebhookSink>());
    }

    [Fact]
    public async Task TranscriptWebhookOutcomesAndBacklogAreInMetrics()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.Stt.Provider = "deepgram";
            o.Stt.DeepgramApiKey = "k";
            o.Stt.DeepgramUrl = "ws://127.0.0.1:9/v1/listen";
            o.Stt.WebhookUrl = receiver.Url;
            o.Stt.WebhookMaxAttempts = 1;
        });
        var sink = server.Service<TranscriptWebhookSink>();
        var result = new TranscriptResult("call-5", 0, null, null, true, "hello", null, TimeSpan.Zero, TimeSpan.FromSeconds(1), "deepgram", RunningServer.Start);
        await sink.WriteAsync(result, CancellationToken.None);
        await sink.WriteAsync(result with { Text = "again" }, CancellationToken.None);
        Assert.True((await receiver.NextAsync()).AnsweredWithError);
        Assert.False((await receiver.NextAsync()).AnsweredWithError);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string metrics;
        do
        {
            metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        }
        while (!metrics.Contains("siprec_transcript_webhook_deliveries_total{outcome=\"delivered\"} 1", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains("siprec_transcript_webhook_deliveries_total{outcome=\"delivered\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("siprec_transcript_webhook_deliveries_total{outcome=\"abandoned\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("siprec_transcript_webhook_failed_attempts_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("siprec_transcript_webhook_backlog_results 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAProviderNoTranscriberIsMade()
    {
        await using var server = await RunningServer.StartAsync();

        Assert.Throws<InvalidOperationException>(() => server.Service<SessionTranscriberFactory>());
        Assert.NotNull(server.Service<TranscriptLiveFeed>());
    }
}
