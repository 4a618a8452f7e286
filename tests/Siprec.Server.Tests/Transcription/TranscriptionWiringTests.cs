using Siprec.Recording.Transcription;
using Siprec.Server.Tests.Support;
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
    public async Task WithoutAProviderNoTranscriberIsMade()
    {
        await using var server = await RunningServer.StartAsync();

        Assert.Throws<InvalidOperationException>(() => server.Service<SessionTranscriberFactory>());
        Assert.NotNull(server.Service<TranscriptLiveFeed>());
    }
}
